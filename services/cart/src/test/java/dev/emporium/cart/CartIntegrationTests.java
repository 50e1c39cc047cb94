package dev.emporium.cart;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.emporium.platform.sharding.Buckets;
import dev.emporium.platform.sharding.ShardedDatabase;
import dev.emporium.testsupport.HttpTestClient;
import dev.emporium.testsupport.HttpTestClient.Response;
import dev.emporium.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cart over real HTTP with real signed tokens; the catalog is a fake on a loopback port. Every test uses users of
 * its own, so the tests share the context and database without depending on each other's order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=cart",
        "emporium.sharding.manage-directory=true",
        "emporium.sharding.directory.url=" + CartIntegrationTests.H2 + "cart-directory" + CartIntegrationTests.H2_OPTIONS,
        "emporium.sharding.shards.s0.url=" + CartIntegrationTests.H2 + "cart-s0" + CartIntegrationTests.H2_OPTIONS,
        "emporium.sharding.shards.s1.url=" + CartIntegrationTests.H2 + "cart-s1" + CartIntegrationTests.H2_OPTIONS })
@Import(TestJwtIssuer.Configuration.class)
class CartIntegrationTests {

    static final String H2 = "jdbc:h2:mem:";

    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    static final FakeCatalog catalog = FakeCatalog.start();

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

    @Autowired
    ShardedDatabase shards;

    HttpTestClient http;

    String user;

    @BeforeEach
    void setUp() {
        this.http = HttpTestClient.forPort(this.port);
        this.user = TestJwtIssuer.bearer("user-" + UUID.randomUUID());
        catalog.product("p1", "Desk lamp", 1999);
        catalog.product("p2", "Mug", 500);
    }

    @AfterEach
    void catalogBackUp() {
        catalog.mode(FakeCatalog.Mode.UP);
    }

    @Test
    void eachUsersLinesSitOnTheShardOfTheirBucketOnly() throws Exception {
        Map<String, String> userByShard = new java.util.TreeMap<>();
        while (userByShard.size() < 2) {
            String id = "user-" + UUID.randomUUID();
            userByShard.putIfAbsent(this.shards.shardOf(id), id);
        }
        for (String id : userByShard.values()) {
            assertThat(this.http.put("/api/cart/items/p1", "{\"quantity\":2}", TestJwtIssuer.bearer(id)).status())
                .isEqualTo(200);
        }

        for (String shard : List.of("s0", "s1")) {
            for (Map.Entry<String, String> user : userByShard.entrySet()) {
                try (Connection connection = DriverManager.getConnection(H2 + "cart-" + shard + H2_OPTIONS, "sa", "");
                        PreparedStatement query = connection.prepareStatement(
                                "select count(*), min(bucket) from cart_items where user_id = ?")) {
                    query.setString(1, user.getValue());
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        boolean home = user.getKey().equals(shard);
                        assertThat(rows.getInt(1)).as("%s's lines on %s", user.getKey(), shard).isEqualTo(home ? 1 : 0);
                        if (home) {
                            assertThat(rows.getInt(2)).isEqualTo(Buckets.of(user.getValue()));
                        }
                    }
                }
            }
        }
    }

    @Test
    void anEmptyCartHasNoItemsAndTotalsZero() {
        Response cart = this.http.get("/api/cart", this.user);

        assertThat(cart.status()).isEqualTo(200);
        assertThat(cart.json().get("items").size()).isZero();
        assertThat(cart.json().at("/total/amount").asLong()).isZero();
        assertThat(cart.json().at("/total/currency").asString()).isEqualTo("USD");
        assertThat(cart.json().get("itemCount").asInt()).isZero();
    }

    @Test
    void addsProductsWithASnapshotOfTheCatalogsPriceAndChangesQuantities() {
        Response first = put("p1", 2);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("items").size()).isEqualTo(1);

        Response cart = put("p2", 1);
        assertThat(cart.status()).isEqualTo(200);
        JsonNode lamp = cart.json().at("/items/0");
        assertThat(lamp.get("productId").asString()).isEqualTo("p1");
        assertThat(lamp.get("name").asString()).isEqualTo("Desk lamp");
        assertThat(lamp.get("imageUrl").asString()).isEqualTo("/media/products/SKU-p1-abc123.svg");
        assertThat(lamp.get("quantity").asInt()).isEqualTo(2);
        assertThat(lamp.at("/unitPrice/amount").asLong()).isEqualTo(1999);
        assertThat(lamp.at("/unitPrice/currency").asString()).isEqualTo("USD");
        assertThat(lamp.at("/lineTotal/amount").asLong()).isEqualTo(3998);
        assertThat(cart.json().at("/items/1/productId").asString()).isEqualTo("p2");
        assertThat(cart.json().at("/total/amount").asLong()).isEqualTo(4498);
        assertThat(cart.json().get("itemCount").asInt()).isEqualTo(3);

        // The catalog's price changed: the line keeps its snapshot until its quantity changes.
        catalog.product("p1", "Desk lamp", 2499);
        assertThat(this.http.get("/api/cart/items/p1", this.user).json().at("/unitPrice/amount").asLong())
            .isEqualTo(1999);
        Response changed = put("p1", 5);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().at("/items/0/quantity").asInt()).isEqualTo(5);
        assertThat(changed.json().at("/items/0/unitPrice/amount").asLong()).isEqualTo(2499);
        assertThat(changed.json().at("/total/amount").asLong()).isEqualTo(5 * 2499 + 500);
        assertThat(changed.json().get("itemCount").asInt()).isEqualTo(6);

        Response item = this.http.get("/api/cart/items/p1", this.user);
        assertThat(item.status()).isEqualTo(200);
        assertThat(item.json().get("quantity").asInt()).isEqualTo(5);
        assertThat(item.json().at("/lineTotal/amount").asLong()).isEqualTo(5 * 2499);
    }

    @Test
    void removesOneItemOrEmptiesTheCart() {
        put("p1", 1);
        put("p2", 4);

        Response removed = this.http.delete("/api/cart/items/p1", this.user);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().get("items").size()).isEqualTo(1);
        assertThat(removed.json().at("/items/0/productId").asString()).isEqualTo("p2");
        assertThat(this.http.get("/api/cart/items/p1", this.user).status()).isEqualTo(404);
        assertThat(this.http.delete("/api/cart/items/p1", this.user).status()).isEqualTo(404);

        Response emptied = this.http.delete("/api/cart", this.user);
        assertThat(emptied.status()).isEqualTo(204);
        assertThat(this.http.get("/api/cart", this.user).json().get("itemCount").asInt()).isZero();
    }

    @Test
    void removesALineOnlyIfItsQuantityIsUnchanged() {
        put("p1", 2);
        put("p2", 3);

        // Checkout ordered 2 of p1 and 1 of p2; the customer has since raised p2 to 3: that change stays.
        Response kept = this.http.delete("/api/cart/items/p2?ifQuantity=1", this.user);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.json().get("items").size()).as("the cart, unchanged").isEqualTo(2);
        assertThat(kept.json().get("itemCount").asInt()).isEqualTo(5);
        assertThat(this.http.get("/api/cart/items/p2", this.user).json().get("quantity").asInt()).isEqualTo(3);

        Response removed = this.http.delete("/api/cart/items/p1?ifQuantity=2", this.user);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().get("items").size()).isEqualTo(1);
        assertThat(this.http.get("/api/cart/items/p1", this.user).status()).isEqualTo(404);
        this.http.delete("/api/cart/items/p1?ifQuantity=2", this.user).assertProblem(404, "Item not in cart");

        for (String invalid : new String[] { "0", "100", "-1", "lots" }) {
            assertThat(this.http.delete("/api/cart/items/p2?ifQuantity=" + invalid, this.user)
                .assertProblem(400, "Validation failed")
                .get("errors").get(0).get("field").asString()).as(invalid).isEqualTo("ifQuantity");
        }
        assertThat(this.http.get("/api/cart/items/p2", this.user).json().get("quantity").asInt()).isEqualTo(3);
        this.http.delete("/api/cart/items/p3?ifQuantity=1", this.user).assertProblem(404, "Item not in cart");
    }

    @Test
    void refusesQuantitiesOutsideOneToNinetyNineNamingTheField() {
        for (String body : new String[] { "{\"quantity\":0}", "{\"quantity\":100}", "{\"quantity\":-1}", "{}" }) {
            Response response = this.http.put("/api/cart/items/p1", body, this.user);
            assertThat(response.status()).as(body).isEqualTo(400);
            response.assertProblem(400, "Validation failed");
            assertThat(response.json().at("/errors/0/field").asString()).as(body).isEqualTo("quantity");
        }
        assertThat(this.http.get("/api/cart", this.user).json().get("items").size()).isZero();
    }

    @Test
    void refusesBodiesThatAreNotTheExpectedJson() {
        this.http.put("/api/cart/items/p1", "{\"quantity\":", this.user).assertProblem(400, "Malformed request body");

        Response wrongType = this.http.put("/api/cart/items/p1", "{\"quantity\":\"many\"}", this.user);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().at("/errors/0/field").asString()).isEqualTo("quantity");

        // JSON announced, but no body at all.
        Response missing = this.http.call(HttpMethod.PUT, "/api/cart/items/p1", null, this.user,
                Map.of(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE));
        missing.assertProblem(400, "Malformed request body");
    }

    @Test
    void refusesProductIdsOfTheWrongShape() {
        String tooLong = "p".repeat(65);
        for (String path : new String[] { "/api/cart/items/" + tooLong, "/api/cart/items/bad!id", "/api/cart/items/a.b" }) {
            Response put = this.http.put(path, "{\"quantity\":1}", this.user);
            assertThat(put.status()).as(path).isEqualTo(400);
            assertThat(put.json().at("/errors/0/field").asString()).isEqualTo("productId");
            assertThat(this.http.get(path, this.user).status()).as(path).isEqualTo(400);
            assertThat(this.http.delete(path, this.user).status()).as(path).isEqualTo(400);
        }
    }

    @Test
    void anUnknownProductIsNotFound() {
        Response response = put("p404", 1);

        response.assertProblem(404, "Product not found");
    }

    @Test
    void anotherUserNeitherSeesNorDeletesTheItem() {
        put("p1", 3);
        String other = TestJwtIssuer.bearer("user-" + UUID.randomUUID());

        assertThat(this.http.get("/api/cart", other).json().get("items").size()).isZero();
        Response seen = this.http.get("/api/cart/items/p1", other);
        seen.assertProblem(404, "Item not in cart");
        assertThat(this.http.delete("/api/cart/items/p1", other).status()).isEqualTo(404);
        assertThat(this.http.delete("/api/cart", other).status()).isEqualTo(204);

        Response mine = this.http.get("/api/cart/items/p1", this.user);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().get("quantity").asInt()).isEqualTo(3);
    }

    @Test
    void needsAToken() {
        for (HttpMethod method : new HttpMethod[] { HttpMethod.GET, HttpMethod.DELETE }) {
            this.http.call(method, "/api/cart", null, null, Map.of()).assertProblem(401, "Authentication required");
        }
        Response put = this.http.put("/api/cart/items/p1", "{\"quantity\":1}", null);
        assertThat(put.status()).isEqualTo(401);
        this.http.get("/api/cart", "Bearer not-a-token").assertProblem(401, "Invalid token");
    }

    @Test
    void aCatalogThatFailsOrIsDownMakesTheCartAnswer503() {
        put("p2", 1);
        for (FakeCatalog.Mode mode : new FakeCatalog.Mode[] { FakeCatalog.Mode.FAILING, FakeCatalog.Mode.DOWN }) {
            catalog.mode(mode);

            Response response = put("p1", 1);

            assertThat(response.status()).as(mode.name()).isEqualTo(503);
            response.assertProblem(503, "Catalog unavailable");
        }
        // Reading and emptying the cart do not need the catalog.
        Response cart = this.http.get("/api/cart", this.user);
        assertThat(cart.status()).isEqualTo(200);
        assertThat(cart.json().get("items").size()).isEqualTo(1);
    }

    private Response put(String productId, int quantity) {
        return this.http.put("/api/cart/items/" + productId, "{\"quantity\":" + quantity + "}", this.user);
    }
}
