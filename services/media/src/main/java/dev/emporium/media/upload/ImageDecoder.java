package dev.emporium.media.upload;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an upload with the JDK's own PNG and JPEG readers. The dimensions are read from the header first, and an
 * image with more than {@code maxPixels} is refused before a single pixel is decoded: a few kilobytes can declare
 * 100,000 × 100,000 pixels, which would take 40 GB once decoded. Streams stay in memory (no ImageIO cache files).
 */
class ImageDecoder {

    private final long maxPixels;

    ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    BufferedImage decode(byte[] bytes, ImageFormat format) {
        ImageReader reader = ImageIO.getImageReadersByFormatName(format.imageIoName()).next();
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            // Metadata (text chunks, EXIF, ICC profiles) is not needed for pixels and is not read.
            reader.setInput(input, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if ((long) width * height > this.maxPixels) {
                throw ImageTooLarge.pixels(width, height, this.maxPixels);
            }
            return reader.read(0);
        }
        catch (ImageTooLarge ex) {
            throw ex;
        }
        catch (IOException | RuntimeException ex) {
            // Corrupt input makes the JDK's decoders throw IIOExceptions, and sometimes runtime exceptions too.
            throw new UnreadableImage(format, ex);
        }
        finally {
            reader.dispose();
        }
    }
}
