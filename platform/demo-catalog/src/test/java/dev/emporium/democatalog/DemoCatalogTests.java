package dev.emporium.democatalog;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCatalogTests {

    private final DemoCatalog catalog = DemoCatalog.standard();

    @Test
    void hasAtLeastAThousandProductsInAtLeastTenCategories() {
        assertThat(this.catalog.products()).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(this.catalog.categories()).hasSizeGreaterThanOrEqualTo(10);
        Set<String> used = this.catalog.products().stream().map(DemoProduct::categoryId).collect(Collectors.toSet());
        assertThat(used).hasSameSizeAs(this.catalog.categories());
    }

    @Test
    void idsSkusAndImagePathsAreUnique() {
        Set<String> ids = new HashSet<>();
        Set<String> skus = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (DemoProduct product : this.catalog.products()) {
            assertThat(ids.add(product.id())).isTrue();
            assertThat(skus.add(product.sku())).isTrue();
            assertThat(paths.add(this.catalog.imagePath(product))).isTrue();
        }
    }

    @Test
    void pricesArePositiveAndEndInNinetyNine() {
        assertThat(this.catalog.products()).allSatisfy(product -> {
            assertThat(product.priceMinor()).isPositive();
            assertThat(product.priceMinor() % 100).isEqualTo(99);
            assertThat(product.stock()).isNotNegative();
        });
    }

    @Test
    void imagesAreWellFormedSvgWhoseHashIsInThePath() throws Exception {
        DemoProduct product = this.catalog.products().get(42);
        byte[] image = this.catalog.image(product);
        var document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new java.io.ByteArrayInputStream(image));
        assertThat(document.getDocumentElement().getNodeName()).isEqualTo("svg");
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(image));
        assertThat(this.catalog.imagePath(product)).startsWith("/media/products/" + product.sku().toLowerCase() + "-")
            .endsWith(hash.substring(0, 16) + ".svg");
    }

    @Test
    void isTheSameOnEveryRun() {
        // Random's algorithm is specified by the JDK, so a seeded catalog is identical on every JVM: the services
        // that seed from it independently agree on ids, names, prices, stock and image hashes.
        DemoProduct product = this.catalog.products().get(7);
        assertThat(product.id()).isEqualTo("p8");
        assertThat(product.sku()).isEqualTo("AUD-0008");
        assertThat(product.name()).isEqualTo("Tidewater Travel Desk Microphone A4");
        assertThat(product.priceMinor()).isEqualTo(6499);
        assertThat(product.stock()).isEqualTo(26);
        assertThat(this.catalog.imagePath(product)).isEqualTo("/media/products/aud-0008-ffba74ca570eabd3.svg");
    }
}
