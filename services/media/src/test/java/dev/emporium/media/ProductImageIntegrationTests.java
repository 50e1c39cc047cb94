package dev.emporium.media;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.TestJwtIssuer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admin uploads of product images over real HTTP, from the multipart request to the variants served by the origin:
 * images made in the test with ImageIO, their variants decoded again, the caching headers, idempotent re-uploads,
 * the refusals (each a problem that leaves no row and no file behind) and the origin's response count. Each subclass
 * names the database ({@link ProductImageH2IntegrationTests}, {@link ProductImagePostgresIntegrationTests}); the
 * storage is a fresh directory per class. Limits are lowered so that the refusals need only small files.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=media",
        "emporium.media.upload.max-bytes=512KB",
        "emporium.media.upload.max-pixels=4000000" })
@Import(TestJwtIssuer.Configuration.class)
abstract class ProductImageIntegrationTests {

    static final Path STORAGE = createStorage();

    static final int MAX_BYTES = 512 * 1024;

    static final String ADMIN = TestJwtIssuer.bearer("admin-1", "customer", "admin");

    static final String CUSTOMER = TestJwtIssuer.bearer("user-1");

    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    HttpTestClient http;

    RestClient multipart;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("emporium.media.storage.local.root", STORAGE::toString);
    }

    @AfterAll
    static void deleteStorage() throws IOException {
        try (Stream<Path> files = Files.walk(STORAGE)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @BeforeEach
    void clients() {
        this.http = HttpTestClient.forPort(this.port);
        this.multipart = RestClient.builder().baseUrl("http://localhost:" + this.port)
            .defaultStatusHandler(status -> true, (request, response) -> {
            })
            .build();
    }

    @Test
    void uploadsAJpegPhotoAndServesItsVariants() throws IOException {
        byte[] photo = jpeg(2000, 1200, new Color(30, 90, 160));
        Response response = upload("p12", photo, "image/jpeg", ADMIN).expect(201);

        JsonNode image = response.json();
        assertThat(image.get("productId").asString()).isEqualTo("p12");
        assertThat(image.get("sha256").asString()).isEqualTo(sha256(photo));
        assertThat(image.get("contentType").asString()).isEqualTo("image/jpeg");
        assertThat(image.get("width").asInt()).isEqualTo(2000);
        assertThat(image.get("height").asInt()).isEqualTo(1200);
        assertThat(image.get("bytes").asLong()).isEqualTo(photo.length);
        assertThat(response.headers().getLocation())
            .isEqualTo(URI.create("/api/admin/media/products/p12/images/" + sha256(photo)));

        assertVariant(image, "thumbnail", "p12", 160, 96, "image/jpeg");
        assertVariant(image, "card", "p12", 480, 288, "image/jpeg");
        assertVariant(image, "full", "p12", 1600, 960, "image/jpeg");
        assertThat(this.storedFiles()).contains(STORAGE.resolve("originals/p12/" + sha256(photo) + ".jpg"));

        Response view = this.http.get(response.headers().getLocation().toString(), ADMIN).expect(200);
        assertThat(view.json()).isEqualTo(image);
    }

    @Test
    void keepsTransparencyAsPngAndNeverUpscales() throws IOException {
        byte[] logo = png(300, 500, true, new Color(200, 40, 40));
        JsonNode image = upload("logo-7", logo, "image/png", ADMIN).expect(201).json();

        assertThat(image.get("contentType").asString()).isEqualTo("image/png");
        BufferedImage full = assertVariant(image, "full", "logo-7", 300, 500, "image/png");
        assertVariant(image, "card", "logo-7", 288, 480, "image/png");
        BufferedImage thumbnail = assertVariant(image, "thumbnail", "logo-7", 96, 160, "image/png");
        assertThat(full.getColorModel().hasAlpha()).isTrue();
        assertThat(full.getRGB(0, 0) >>> 24).as("a transparent corner stays transparent").isZero();
        assertThat(thumbnail.getRGB(48, 80) >>> 24).as("the opaque middle stays opaque").isEqualTo(0xFF);
    }

    @Test
    void turnsAnOpaquePngIntoJpegVariants() throws IOException {
        byte[] screenshot = png(640, 400, false, new Color(20, 140, 60));
        JsonNode image = upload("p13", screenshot, null, ADMIN).expect(201).json();

        assertThat(image.get("contentType").asString()).isEqualTo("image/png");
        assertVariant(image, "full", "p13", 640, 400, "image/jpeg");
        assertVariant(image, "card", "p13", 480, 300, "image/jpeg");
        assertVariant(image, "thumbnail", "p13", 160, 100, "image/jpeg");
    }

    @Test
    void theSameFileAgainIsTheSameImageAndAChangedOneGetsNewUrls() throws IOException {
        byte[] first = jpeg(900, 900, new Color(120, 60, 10));
        Response created = upload("p14", first, "image/jpeg", ADMIN).expect(201);
        Snapshot afterFirst = snapshot();

        Response again = upload("p14", first, "image/jpeg", ADMIN).expect(200);
        assertThat(again.json()).isEqualTo(created.json());
        assertThat(again.headers().getLocation()).isEqualTo(created.headers().getLocation());
        assertThat(snapshot()).as("no new row, no new file").isEqualTo(afterFirst);

        byte[] changed = jpeg(900, 900, new Color(10, 60, 120));
        JsonNode second = upload("p14", changed, "image/jpeg", ADMIN).expect(201).json();
        assertThat(second.get("sha256").asString()).isNotEqualTo(created.json().get("sha256").asString());
        for (String variant : List.of("thumbnail", "card", "full")) {
            String oldUrl = created.json().at("/variants/" + variant + "/url").asString();
            String newUrl = second.at("/variants/" + variant + "/url").asString();
            assertThat(newUrl).as(variant).isNotEqualTo(oldUrl);
            assertThat(this.http.get(oldUrl).status()).as("the old URL keeps its meaning").isEqualTo(200);
        }

        JsonNode listed = this.http.get("/api/admin/media/products/p14/images", ADMIN).expect(200).json();
        assertThat(listed.valueStream().map(node -> node.get("sha256").asString()).toList())
            .as("newest first")
            .containsExactly(sha256(changed), sha256(first));
        assertThat(this.http.get("/api/admin/media/products/no-uploads/images", ADMIN).expect(200).json().isEmpty()).isTrue();
        this.http.get("/api/admin/media/products/p14/images/" + "0".repeat(64), ADMIN).assertProblem(404, "Product image not found");
    }

    @Test
    void onlyAdminsMayUploadOrList() throws IOException {
        byte[] photo = jpeg(200, 200, Color.ORANGE);
        Snapshot before = snapshot();
        upload("p15", photo, "image/jpeg", null).assertProblem(401, "Authentication required");
        upload("p15", photo, "image/jpeg", CUSTOMER).assertProblem(403, "Forbidden");
        upload("p15", photo, "image/jpeg", "Bearer not-a-token").assertProblem(401, "Invalid token");
        this.http.get("/api/admin/media/products/p15/images", CUSTOMER).assertProblem(403, "Forbidden");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void refusesWhatIsNotAPngOrJpeg() throws IOException {
        Map<String, byte[]> others = Map.of(
                "gif", imageIo(png(64, 64, false, Color.BLUE), "gif"),
                "bmp", imageIo(png(64, 64, false, Color.BLUE), "bmp"),
                "svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".getBytes(StandardCharsets.UTF_8),
                "webp", "RIFF\u0024\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1),
                "text", "just some text, not an image".getBytes(StandardCharsets.UTF_8));
        Snapshot before = snapshot();
        others.forEach((kind, bytes) -> {
            JsonNode problem = upload("p16", bytes, "image/png", ADMIN).assertProblem(415, "Unsupported image type");
            assertThat(problem.get("accepted").valueStream().map(JsonNode::asString).toList()).as(kind)
                .containsExactly("image/png", "image/jpeg");
        });
        upload("p16", others.get("svg"), "image/svg+xml", ADMIN).assertProblem(415, "Unsupported image type");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void refusesADeclaredTypeThatContradictsTheBytes() throws IOException {
        byte[] png = png(64, 64, false, Color.GREEN);
        byte[] jpeg = jpeg(64, 64, Color.GREEN);
        Snapshot before = snapshot();
        upload("p17", png, "image/jpeg", ADMIN).assertProblem(415, "Content type mismatch");
        upload("p17", png, "image/gif", ADMIN).assertProblem(415, "Content type mismatch");
        upload("p17", jpeg, "image/png", ADMIN).assertProblem(415, "Content type mismatch");
        upload("p17", jpeg, "text/plain", ADMIN).assertProblem(415, "Content type mismatch");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void refusesImagesThatDoNotDecode() throws IOException {
        byte[] png = png(200, 200, false, Color.MAGENTA);
        byte[] jpeg = jpeg(200, 200, Color.MAGENTA);
        byte[] garbage = new byte[2048];
        new Random(7).nextBytes(garbage);
        Snapshot before = snapshot();
        for (byte[] corrupt : List.of(Arrays.copyOf(png, 60), Arrays.copyOf(png, png.length / 2), Arrays.copyOf(jpeg, 40),
                concat(Arrays.copyOf(png, 8), garbage), concat(Arrays.copyOf(jpeg, 3), garbage))) {
            upload("p18", corrupt, null, ADMIN).assertProblem(422, "Unreadable image");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void refusesFilesOverTheSizeLimit() throws IOException {
        Snapshot before = snapshot();
        byte[] justOver = concat(Arrays.copyOf(png(10, 10, false, Color.BLACK), 8), new byte[MAX_BYTES + 1 - 8]);
        JsonNode problem = upload("p19", justOver, "image/png", ADMIN).assertProblem(413, "Image too large");
        assertThat(problem.get("maxBytes").asLong()).isEqualTo(MAX_BYTES);

        // Past the multipart margin the container stops reading; the answer is the same problem.
        JsonNode farOver = upload("p19", new byte[MAX_BYTES + 1024 * 1024 + 4096], "image/png", ADMIN)
            .assertProblem(413, "Image too large");
        assertThat(farOver.get("maxBytes").asLong()).isEqualTo(MAX_BYTES);
        assertThat(snapshot()).isEqualTo(before);
    }

    /** A PNG of a few dozen bytes that declares 100,000 × 100,000 pixels: refused from its header, never decoded. */
    @Test
    void refusesDecompressionBombsFromTheirHeader() throws IOException {
        Snapshot before = snapshot();
        JsonNode problem = upload("p20", pngHeaderOnly(100_000, 100_000), "image/png", ADMIN).assertProblem(413, "Image too large");
        assertThat(problem.get("maxPixels").asLong()).isEqualTo(4_000_000);
        upload("p20", pngHeaderOnly(2001, 2000), null, ADMIN).assertProblem(413, "Image too large");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void refusesRequestsThatAreNotUploads() throws IOException {
        byte[] photo = jpeg(100, 100, Color.CYAN);
        Snapshot before = snapshot();
        for (String productId : List.of("P12", "p_12", "p12.jpg", "x".repeat(65), "caf%C3%A9")) {
            Response response = upload(productId, photo, "image/jpeg", ADMIN);
            response.assertProblem(400, "Validation failed");
            assertThat(response.errorFields()).as(productId).containsExactly("productId");
        }
        Response wrongPart = send("p21", "image", photo, "image/jpeg", ADMIN);
        wrongPart.assertProblem(400, "Validation failed");
        assertThat(wrongPart.errorFields()).containsExactly("file");
        Response empty = upload("p21", new byte[0], "image/jpeg", ADMIN);
        empty.assertProblem(400, "Validation failed");
        assertThat(empty.errorFields()).containsExactly("file");
        this.http.post("/api/admin/media/products/p21/images", "{}", ADMIN).assertProblem(415);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void countsTheOriginsImageResponses() throws IOException {
        JsonNode image = upload("p22", jpeg(300, 200, Color.PINK), "image/jpeg", ADMIN).expect(201).json();
        String url = image.at("/variants/card/url").asString();
        double ok = served("200");
        double notModified = served("304");
        double notFound = served("404");

        String etag = this.http.get(url).expect(200).headers().getETag();
        this.http.call(HttpMethod.GET, url, null, null, Map.of(HttpHeaders.IF_NONE_MATCH, etag)).expect(304);
        this.http.get("/media/products/p22-0000000000000000-card.jpg").assertProblem(404, "Image not found");

        assertThat(served("200")).isEqualTo(ok + 1);
        assertThat(served("304")).isEqualTo(notModified + 1);
        assertThat(served("404")).isEqualTo(notFound + 1);
        assertThat(this.http.get("/actuator/prometheus").expect(200).body()).contains("emporium_media_served_total{");
        assertThat(this.http.get("/actuator/metrics/jvm.memory.used").status()).as("only the image count is public")
            .isEqualTo(401);
    }

    // --- the variants, as the origin serves them

    private BufferedImage assertVariant(JsonNode image, String variant, String productId, int width, int height,
            String contentType) throws IOException {
        JsonNode described = image.at("/variants/" + variant);
        String url = described.get("url").asString();
        String extension = contentType.equals("image/png") ? "png" : "jpg";
        assertThat(url).matches("/media/products/" + productId + "-[0-9a-f]{16}-" + variant + "\\." + extension);
        assertThat(described.get("width").asInt()).as(variant).isEqualTo(width);
        assertThat(described.get("height").asInt()).as(variant).isEqualTo(height);

        Response served = this.http.get(url).expect(200);
        byte[] bytes = served.bytes();
        String sha256 = sha256(bytes);
        assertThat(url).contains("-" + sha256.substring(0, 16) + "-");
        assertThat(described.get("bytes").asLong()).isEqualTo(bytes.length);
        HttpHeaders headers = served.headers();
        assertThat(headers.getContentType()).isEqualTo(MediaType.valueOf(contentType));
        assertThat(headers.getContentLength()).isEqualTo(bytes.length);
        assertThat(headers.get(HttpHeaders.CACHE_CONTROL)).containsExactly(IMMUTABLE);
        assertThat(headers.getETag()).isEqualTo("\"" + sha256 + "\"");
        assertThat(headers.getLastModified()).isPositive();
        assertThat(headers.get("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(headers.containsHeader("Content-Security-Policy")).isFalse();
        assertThat(headers.containsHeader(HttpHeaders.SET_COOKIE)).isFalse();

        Response revalidated = this.http.call(HttpMethod.GET, url, null, null, Map.of(HttpHeaders.IF_NONE_MATCH, headers.getETag()));
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(revalidated.bytes()).isEmpty();
        assertThat(revalidated.headers().getETag()).isEqualTo(headers.getETag());
        assertThat(revalidated.headers().get(HttpHeaders.CACHE_CONTROL)).containsExactly(IMMUTABLE);

        Response head = this.http.call(HttpMethod.HEAD, url, null, null, Map.of());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.bytes()).isEmpty();
        assertThat(head.headers().getContentLength()).isEqualTo(bytes.length);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(decoded.getWidth()).as(variant).isEqualTo(width);
        assertThat(decoded.getHeight()).as(variant).isEqualTo(height);
        return decoded;
    }

    private double served(String outcome) {
        JsonNode metric = this.http.get("/actuator/metrics/emporium.media.served?tag=outcome:" + outcome).expect(200).json();
        return metric.get("measurements").get(0).get("value").asDouble();
    }

    // --- uploads, and what they leave behind

    private Response upload(String productId, byte[] bytes, @Nullable String contentType, @Nullable String authorization) {
        return send(productId, "file", bytes, contentType, authorization);
    }

    private Response send(String productId, String partName, byte[] bytes, @Nullable String contentType,
            @Nullable String authorization) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        MultipartBodyBuilder.PartBuilder part = parts.part(partName, bytes).filename("upload.jpg");
        if (contentType != null) {
            part.contentType(MediaType.parseMediaType(contentType));
        }
        RestClient.RequestBodySpec request = this.multipart.post()
            .uri(URI.create("http://localhost:" + this.port + "/api/admin/media/products/" + productId + "/images"))
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(parts.build());
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        ResponseEntity<byte[]> response = request.retrieve().toEntity(byte[].class);
        byte[] body = response.getBody();
        return new Response(response.getStatusCode().value(), response.getHeaders(), body == null ? new byte[0] : body);
    }

    /** Rows of every media table and files of the storage, to prove a refused upload leaves nothing behind. */
    record Snapshot(long images, long uploads, long variants, Set<Path> files) {
    }

    private Snapshot snapshot() throws IOException {
        return new Snapshot(this.jdbc.sql("select count(*) from images").query(Long.class).single(),
                this.jdbc.sql("select count(*) from product_images").query(Long.class).single(),
                this.jdbc.sql("select count(*) from product_image_variants").query(Long.class).single(), storedFiles());
    }

    private Set<Path> storedFiles() throws IOException {
        if (!Files.exists(STORAGE)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(STORAGE)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toSet());
        }
    }

    // --- test images

    static byte[] jpeg(int width, int height, Color color) {
        return imageIo(picture(width, height, false, color, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    static byte[] png(int width, int height, boolean transparentCorners, Color color) {
        return imageIo(picture(width, height, transparentCorners, color,
                transparentCorners ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB), "png");
    }

    /** A gradient with a ring, so scaling and compression have something to work on; optionally on transparency. */
    private static BufferedImage picture(int width, int height, boolean transparentCorners, Color color, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setPaint(new GradientPaint(0, 0, color, width, height, color.brighter().brighter()));
        if (transparentCorners) {
            graphics.fillOval(width / 10, height / 10, width * 8 / 10, height * 8 / 10);
        }
        else {
            graphics.fillRect(0, 0, width, height);
        }
        graphics.setColor(Color.WHITE);
        graphics.setStroke(new BasicStroke(Math.max(1, width / 40f)));
        graphics.drawOval(width / 4, height / 4, width / 2, height / 2);
        graphics.dispose();
        return image;
    }

    private static byte[] imageIo(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ImageIO.write(image, format, out)).as(format).isTrue();
            return out.toByteArray();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] imageIo(byte[] png, String format) {
        try {
            return imageIo(ImageIO.read(new ByteArrayInputStream(png)), format);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The signature and an IHDR chunk declaring {@code width} × {@code height} (8-bit RGB), and nothing else. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
            .putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4)
            .put(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' })
            .putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Path createStorage() {
        try {
            return Files.createTempDirectory("media-objects-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
