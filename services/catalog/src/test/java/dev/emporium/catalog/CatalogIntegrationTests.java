package dev.emporium.catalog;

import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog service over real HTTP on a seeded database. Each subclass names the database: the same tests run on H2
 * ({@link CatalogH2IntegrationTests}) and on PostgreSQL ({@link CatalogPostgresIntegrationTests}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=catalog",
        "emporium.catalog.demo-data=true" })
@Import(TestJwtIssuer.Configuration.class)
abstract class CatalogIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    HttpTestClient http;

    @BeforeEach
    void client() {
        this.http = HttpTestClient.forPort(this.port);
    }

    @Test
    void listsTheSeededCategories() {
        JsonNode categories = get("/api/catalog/categories", 200);
        assertThat(categories.size()).isEqualTo(12);
        assertThat(categories.get(0).get("slug").asString()).isEqualTo("audio");
        assertThat(categories.get(0).has("id")).isTrue();
        assertThat(categories.get(0).get("name").asString()).isEqualTo("Audio");
    }

    @Test
    void pagesThroughACategory() {
        JsonNode first = get("/api/catalog/products?category=cameras&page=0&size=24", 200);
        assertThat(first.get("total").asLong()).isEqualTo(100);
        assertThat(first.get("totalPages").asInt()).isEqualTo(5);
        assertThat(first.get("items").size()).isEqualTo(24);
        JsonNode last = get("/api/catalog/products?category=cameras&page=4&size=24", 200);
        assertThat(last.get("items").size()).isEqualTo(4);
        JsonNode item = first.get("items").get(0);
        assertThat(item.get("categorySlug").asString()).isEqualTo("cameras");
        assertThat(item.get("price").get("currency").asString()).isEqualTo("USD");
        assertThat(item.get("price").get("amount").asLong()).isPositive();
        assertThat(item.get("imageUrl").asString()).startsWith("/media/products/cam-").endsWith(".svg");
        assertThat(first.get("items").get(1).get("id").asString()).isNotEqualTo(last.get("items").get(0).get("id").asString());
    }

    @Test
    void searchesByTextRankingNameMatchesFirst() {
        JsonNode result = get("/api/catalog/products?q=Microphone", 200);
        assertThat(result.get("total").asLong()).isPositive();
        result.get("items").forEach(item -> assertThat(item.get("name").asString()).containsIgnoringCase("microphone"));
        JsonNode byCategoryAndText = get("/api/catalog/products?q=tidewater&category=audio&size=100", 200);
        byCategoryAndText.get("items").forEach(item -> assertThat(item.get("categorySlug").asString()).isEqualTo("audio"));
        assertThat(get("/api/catalog/products?q=%25", 200).get("total").asLong()).isZero();
        assertThat(get("/api/catalog/products?q=no-such-thing-anywhere", 200).get("total").asLong()).isZero();
    }

    @Test
    void showsProductDetailsWithJsonAttributes() {
        JsonNode product = get("/api/catalog/products/p8", 200);
        assertThat(product.get("name").asString()).isEqualTo("Tidewater Travel Desk Microphone A4");
        assertThat(product.get("sku").asString()).isEqualTo("AUD-0008");
        assertThat(product.get("price").get("amount").asLong()).isEqualTo(6499);
        assertThat(product.get("attributes").get("brand").asString()).isEqualTo("Tidewater");
        assertThat(product.get("attributes").get("features").isArray()).isTrue();
        assertThat(product.get("imageUrl").asString()).isEqualTo("/media/products/aud-0008-ffba74ca570eabd3.svg");
    }

    @Test
    void answersProblemsForBadInput() {
        this.http.get("/api/catalog/products/nope").assertProblem(404, "Product not found");
        this.http.get("/api/catalog/products?category=nope").assertProblem(404, "Category not found");
        JsonNode badSize = this.http.get("/api/catalog/products?size=500").assertProblem(400, "Validation failed");
        assertThat(badSize.get("errors").get(0).get("field").asString()).isEqualTo("size");
        JsonNode notANumber = this.http.get("/api/catalog/products?page=abc").assertProblem(400, "Validation failed");
        assertThat(notANumber.get("errors").get(0).get("field").asString()).isEqualTo("page");
    }

    @Test
    void popularProductsAreActiveAndRanked() {
        JsonNode popular = get("/api/catalog/products/popular?limit=8", 200);
        assertThat(popular.size()).isEqualTo(8);
        assertThat(get("/api/catalog/products/popular?limit=0", 400)).isNotNull();
    }

    @Test
    void adminEditsAProductAndOnlyTheAdminMay() {
        String body = "{\"name\":\"Renamed Lamp\",\"price\":{\"amount\":1299,\"currency\":\"USD\"}}";
        this.http.patch("/api/admin/products/p501", body, null).assertProblem(401, "Authentication required");
        this.http.patch("/api/admin/products/p501", body, TestJwtIssuer.bearer("user-1")).assertProblem(403, "Forbidden");
        this.http.patch("/api/admin/products/p501", body, "Bearer not-a-token").assertProblem(401, "Invalid token");

        String admin = TestJwtIssuer.bearer("admin-1", "customer", "admin");
        Response updated = this.http.patch("/api/admin/products/p501", body, admin);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("name").asString()).isEqualTo("Renamed Lamp");
        assertThat(get("/api/catalog/products/p501", 200).get("price").get("amount").asLong()).isEqualTo(1299);

        Response badPrice = this.http.patch("/api/admin/products/p501",
                "{\"price\":{\"amount\":-5,\"currency\":\"dollars\"}}", admin);
        badPrice.assertProblem(400, "Validation failed");
        assertThat(badPrice.body()).contains("price.amount").contains("price.currency");
        this.http.patch("/api/admin/products/p501", "{\"name\": ", admin).assertProblem(400, "Malformed request body");
        JsonNode wrongType = this.http.patch("/api/admin/products/p501", "{\"active\": \"maybe\"}", admin)
            .assertProblem(400, "Malformed request body");
        assertThat(wrongType.get("errors").get(0).get("field").asString()).isEqualTo("active");
        this.http.patch("/api/admin/products/nope", body, admin).assertProblem(404, "Product not found");

        assertThat(this.http.patch("/api/admin/products/p502", "{\"active\":false}", admin).status()).isEqualTo(200);
        this.http.get("/api/catalog/products/p502").assertProblem(404, "Product not found");
    }

    @Test
    void seedingRunsOnlyOnce(@Autowired ApplicationRunner demoCatalogSeeder) throws Exception {
        demoCatalogSeeder.run(new DefaultApplicationArguments());
        assertThat(this.jdbc.sql("select count(*) from products").query(Long.class).single()).isEqualTo(1200);
    }

    private JsonNode get(String path, int status) {
        Response response = this.http.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response.json();
    }
}
