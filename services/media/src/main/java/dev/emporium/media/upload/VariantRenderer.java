package dev.emporium.media.upload;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import dev.emporium.media.upload.Variant.Dimensions;

/**
 * Renders the {@link Variant}s of a decoded original. Photos become JPEG; an image with transparent pixels stays
 * PNG (JPEG has no alpha), whatever format it came in. The same pixels always give the same bytes on the same JDK,
 * which keeps content-hashed names stable.
 *
 * <p>Scaling halves the image step by step and makes the last step bicubic. A single bicubic step from a large
 * original to a thumbnail samples only a few source pixels per target pixel and aliases (jagged edges, moiré);
 * halving averages every pixel in. Translucent images are scaled premultiplied, so transparent pixels' colours do
 * not bleed dark fringes into the edges.
 */
class VariantRenderer {

    private final float jpegQuality;

    VariantRenderer(float jpegQuality) {
        this.jpegQuality = jpegQuality;
    }

    /** Every variant, largest first, each scaled from the one before it. */
    List<RenderedVariant> render(BufferedImage original) {
        boolean translucent = hasTranslucentPixels(original);
        ImageFormat format = translucent ? ImageFormat.PNG : ImageFormat.JPEG;
        int workingType = translucent ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB;
        List<RenderedVariant> variants = new ArrayList<>();
        BufferedImage previous = original;
        for (Variant variant : Variant.values()) {
            Dimensions size = variant.fit(original.getWidth(), original.getHeight());
            BufferedImage scaled = scale(previous, size, workingType);
            variants.add(new RenderedVariant(variant, format, size, encode(scaled, format)));
            previous = scaled;
        }
        return variants;
    }

    /** What one variant is: its bytes, their format and its size. */
    record RenderedVariant(Variant variant, ImageFormat format, Dimensions size, byte[] bytes) {
    }

    private static boolean hasTranslucentPixels(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        int width = image.getWidth();
        int[] row = new int[width];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int argb : row) {
                if (argb >>> 24 != 0xFF) {
                    return true;
                }
            }
        }
        return false;
    }

    /** At least one draw, which also converts the decoded image (any of ImageIO's types) into the working type. */
    private static BufferedImage scale(BufferedImage source, Dimensions target, int type) {
        BufferedImage current = source;
        int width;
        int height;
        do {
            width = Math.max(target.width(), current.getWidth() / 2);
            height = Math.max(target.height(), current.getHeight() / 2);
            current = draw(current, width, height, type);
        }
        while (width != target.width() || height != target.height());
        return current;
    }

    private static BufferedImage draw(BufferedImage source, int width, int height, int type) {
        BufferedImage target = new BufferedImage(width, height, type);
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setComposite(AlphaComposite.Src);
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
            graphics.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            graphics.drawImage(source, 0, 0, width, height, null);
        }
        finally {
            graphics.dispose();
        }
        return target;
    }

    private byte[] encode(BufferedImage image, ImageFormat format) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format.imageIoName()).next();
        ImageWriteParam parameters = writer.getDefaultWriteParam();
        BufferedImage output = image;
        if (format == ImageFormat.JPEG) {
            parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            parameters.setCompressionQuality(this.jpegQuality);
            if (parameters instanceof JPEGImageWriteParam jpeg) {
                jpeg.setOptimizeHuffmanTables(true);
            }
        }
        else {
            // The PNG writer would store premultiplied samples as they are: un-premultiply first.
            output = draw(image, image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(output, null, null), parameters);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Encoding a " + format + " variant in memory failed", ex);
        }
        finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
