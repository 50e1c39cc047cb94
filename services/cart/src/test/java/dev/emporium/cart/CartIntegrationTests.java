package dev.emporium.cart;

import java.util.UUID;

import dev.emporium.testsupport.TestJwtIssuer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cart over real HTTP with real signed tokens; the catalog is a fake on a loopback port. Every test uses users of
 * its own, so the tests share the context and database without depending on each other's order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=cart",
        "spring.datasource.url=jdbc:h2:mem:cart-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" })
@Import(TestJwtIssuer.Configuration.class)
class CartIntegrationTests {

    static final FakeCatalog catalog = FakeCatalog.start();

    static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void catalogInstance(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.catalog[0].uri", catalog::uri);
    }

    @AfterAll
    static void stopCatalog() {
        catalog.stop();
    }

    @LocalServerPort
    int port;

    RestClient http;

    String user;

    @BeforeEach
    void setUp() {
        this.http = RestClient.builder()
            .baseUrl("http://localhost:" + this.port)
            .defaultStatusHandler(status -> true, (request, response) -> {
            })
            .build();
        this.user = TestJwtIssuer.bearer("user-" + UUID.randomUUID());
        catalog.product("p1", "Desk lamp", 1999);
        catalog.product("p2", "Mug", 500);
    }

    @AfterEach
    void catalogBackUp() {
        catalog.mode(FakeCatalog.Mode.UP);
    }

    @Test
    void anEmptyCartHasNoItemsAndTotalsZero() {
        Response cart = call(HttpMethod.GET, "/api/cart", this.user, null);

        assertThat(cart.status()).isEqualTo(200);
        assertThat(cart.body().get("items").size()).isZero();
        assertThat(cart.body().at("/total/amount").asLong()).isZero();
        assertThat(cart.body().at("/total/currency").asString()).isEqualTo("USD");
        assertThat(cart.body().get("itemCount").asInt()).isZero();
    }

    @Test
    void addsProductsWithASnapshotOfTheCatalogsPriceAndChangesQuantities() {
        Response first = put("p1", 2);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("items").size()).isEqualTo(1);

        Response cart = put("p2", 1);
        assertThat(cart.status()).isEqualTo(200);
        JsonNode lamp = cart.body().at("/items/0");
        assertThat(lamp.get("productId").asString()).isEqualTo("p1");
        assertThat(lamp.get("name").asString()).isEqualTo("Desk lamp");
        assertThat(lamp.get("imageUrl").asString()).isEqualTo("/media/products/SKU-p1-abc123.svg");
        assertThat(lamp.get("quantity").asInt()).isEqualTo(2);
        assertThat(lamp.at("/unitPrice/amount").asLong()).isEqualTo(1999);
        assertThat(lamp.at("/unitPrice/currency").asString()).isEqualTo("USD");
        assertThat(lamp.at("/lineTotal/amount").asLong()).isEqualTo(3998);
        assertThat(cart.body().at("/items/1/productId").asString()).isEqualTo("p2");
        assertThat(cart.body().at("/total/amount").asLong()).isEqualTo(4498);
        assertThat(cart.body().get("itemCount").asInt()).isEqualTo(3);

        // The catalog's price changed: the line keeps its snapshot until its quantity changes.
        catalog.product("p1", "Desk lamp", 2499);
        assertThat(call(HttpMethod.GET, "/api/cart/items/p1", this.user, null).body().at("/unitPrice/amount").asLong())
            .isEqualTo(1999);
        Response changed = put("p1", 5);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().at("/items/0/quantity").asInt()).isEqualTo(5);
        assertThat(changed.body().at("/items/0/unitPrice/amount").asLong()).isEqualTo(2499);
        assertThat(changed.body().at("/total/amount").asLong()).isEqualTo(5 * 2499 + 500);
        assertThat(changed.body().get("itemCount").asInt()).isEqualTo(6);

        Response item = call(HttpMethod.GET, "/api/cart/items/p1", this.user, null);
        assertThat(item.status()).isEqualTo(200);
        assertThat(item.body().get("quantity").asInt()).isEqualTo(5);
        assertThat(item.body().at("/lineTotal/amount").asLong()).isEqualTo(5 * 2499);
    }

    @Test
    void removesOneItemOrEmptiesTheCart() {
        put("p1", 1);
        put("p2", 4);

        Response removed = call(HttpMethod.DELETE, "/api/cart/items/p1", this.user, null);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().get("items").size()).isEqualTo(1);
        assertThat(removed.body().at("/items/0/productId").asString()).isEqualTo("p2");
        assertThat(call(HttpMethod.GET, "/api/cart/items/p1", this.user, null).status()).isEqualTo(404);
        assertThat(call(HttpMethod.DELETE, "/api/cart/items/p1", this.user, null).status()).isEqualTo(404);

        Response emptied = call(HttpMethod.DELETE, "/api/cart", this.user, null);
        assertThat(emptied.status()).isEqualTo(204);
        assertThat(call(HttpMethod.GET, "/api/cart", this.user, null).body().get("itemCount").asInt()).isZero();
    }

    @Test
    void refusesQuantitiesOutsideOneToNinetyNineNamingTheField() {
        for (String body : new String[] { "{\"quantity\":0}", "{\"quantity\":100}", "{\"quantity\":-1}", "{}" }) {
            Response response = call(HttpMethod.PUT, "/api/cart/items/p1", this.user, body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertProblem(response, 400);
            assertThat(response.body().at("/errors/0/field").asString()).as(body).isEqualTo("quantity");
        }
        assertThat(call(HttpMethod.GET, "/api/cart", this.user, null).body().get("items").size()).isZero();
    }

    @Test
    void refusesBodiesThatAreNotTheExpectedJson() {
        Response malformed = call(HttpMethod.PUT, "/api/cart/items/p1", this.user, "{\"quantity\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertProblem(malformed, 400);

        Response wrongType = call(HttpMethod.PUT, "/api/cart/items/p1", this.user, "{\"quantity\":\"many\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body().at("/errors/0/field").asString()).isEqualTo("quantity");

        Response missing = call(HttpMethod.PUT, "/api/cart/items/p1", this.user, null);
        assertThat(missing.status()).isEqualTo(400);
        assertProblem(missing, 400);
    }

    @Test
    void refusesProductIdsOfTheWrongShape() {
        String tooLong = "p".repeat(65);
        for (String path : new String[] { "/api/cart/items/" + tooLong, "/api/cart/items/bad!id", "/api/cart/items/a.b" }) {
            Response put = call(HttpMethod.PUT, path, this.user, "{\"quantity\":1}");
            assertThat(put.status()).as(path).isEqualTo(400);
            assertThat(put.body().at("/errors/0/field").asString()).isEqualTo("productId");
            assertThat(call(HttpMethod.GET, path, this.user, null).status()).as(path).isEqualTo(400);
            assertThat(call(HttpMethod.DELETE, path, this.user, null).status()).as(path).isEqualTo(400);
        }
    }

    @Test
    void anUnknownProductIsNotFound() {
        Response response = put("p404", 1);

        assertThat(response.status()).isEqualTo(404);
        assertProblem(response, 404);
        assertThat(response.body().get("title").asString()).isEqualTo("Product not found");
    }

    @Test
    void anotherUserNeitherSeesNorDeletesTheItem() {
        put("p1", 3);
        String other = TestJwtIssuer.bearer("user-" + UUID.randomUUID());

        assertThat(call(HttpMethod.GET, "/api/cart", other, null).body().get("items").size()).isZero();
        Response seen = call(HttpMethod.GET, "/api/cart/items/p1", other, null);
        assertThat(seen.status()).isEqualTo(404);
        assertProblem(seen, 404);
        assertThat(call(HttpMethod.DELETE, "/api/cart/items/p1", other, null).status()).isEqualTo(404);
        assertThat(call(HttpMethod.DELETE, "/api/cart", other, null).status()).isEqualTo(204);

        Response mine = call(HttpMethod.GET, "/api/cart/items/p1", this.user, null);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body().get("quantity").asInt()).isEqualTo(3);
    }

    @Test
    void needsAToken() {
        for (HttpMethod method : new HttpMethod[] { HttpMethod.GET, HttpMethod.DELETE }) {
            Response response = call(method, "/api/cart", null, null);
            assertThat(response.status()).isEqualTo(401);
            assertProblem(response, 401);
        }
        Response put = call(HttpMethod.PUT, "/api/cart/items/p1", null, "{\"quantity\":1}");
        assertThat(put.status()).isEqualTo(401);
        Response forged = call(HttpMethod.GET, "/api/cart", "Bearer not-a-token", null);
        assertThat(forged.status()).isEqualTo(401);
        assertProblem(forged, 401);
    }

    @Test
    void aCatalogThatFailsOrIsDownMakesTheCartAnswer503() {
        put("p2", 1);
        for (FakeCatalog.Mode mode : new FakeCatalog.Mode[] { FakeCatalog.Mode.FAILING, FakeCatalog.Mode.DOWN }) {
            catalog.mode(mode);

            Response response = put("p1", 1);

            assertThat(response.status()).as(mode.name()).isEqualTo(503);
            assertProblem(response, 503);
            assertThat(response.body().get("title").asString()).isEqualTo("Catalog unavailable");
        }
        // Reading and emptying the cart do not need the catalog.
        Response cart = call(HttpMethod.GET, "/api/cart", this.user, null);
        assertThat(cart.status()).isEqualTo(200);
        assertThat(cart.body().get("items").size()).isEqualTo(1);
    }

    private Response put(String productId, int quantity) {
        return call(HttpMethod.PUT, "/api/cart/items/" + productId, this.user, "{\"quantity\":" + quantity + "}");
    }

    private void assertProblem(Response response, int status) {
        assertThat(response.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
        assertThat(response.body().get("title").asString()).isNotBlank();
    }

    private Response call(HttpMethod method, String path, @Nullable String authorization, @Nullable String body) {
        RestClient.RequestBodySpec request = this.http.method(method).uri(path);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        else if (method == HttpMethod.PUT) {
            request.contentType(MediaType.APPLICATION_JSON);
        }
        ResponseEntity<String> response = request.retrieve().toEntity(String.class);
        MediaType contentType = response.getHeaders().getContentType();
        JsonNode json = response.getBody() == null ? CartIntegrationTests.json.nullNode() : CartIntegrationTests.json.readTree(response.getBody());
        return new Response(response.getStatusCode().value(), contentType == null ? "" : contentType.toString(), json);
    }

    record Response(int status, String contentType, JsonNode body) {
    }
}
