package dev.emporium.storefront;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The storefront over real HTTP, in front of a fake public API ({@link FakeApi}) on a loopback port. Pages are read
 * with jsoup through the stable selectors of the layout; redirects are not followed, so statuses, locations and
 * cookies are asserted as the browser would get them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=storefront")
class StorefrontIntegrationTests {

    static final FakeApi api = FakeApi.start();

    static final FakeActuators instances = FakeActuators.start();

    /** A second payments instance that nothing answers for. */
    static final String UNREACHABLE = "http://127.0.0.1:" + closedPort();

    static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void publicApi(DynamicPropertyRegistry registry) {
        registry.add("emporium.storefront.api-base-url", api::uri);
        // The operations console watches the fake instances, one of them down and one not there at all.
        FakeActuators.SERVICES.forEach(service -> registry.add("emporium.storefront.ops.services." + service + "[0]",
                () -> instances.url(service)));
        registry.add("emporium.storefront.ops.services.payments[1]", () -> UNREACHABLE);
        registry.add("emporium.storefront.ops.sample-interval", () -> "200ms");
        registry.add("emporium.storefront.ops.timeout", () -> "1s");
        instances.down("notifications");
    }

    @AfterAll
    static void stopApi() {
        api.stop();
        instances.stop();
    }

    @LocalServerPort
    int port;

    RestClient http;

    @BeforeEach
    void setUp() {
        api.reset();
        this.http = RestClient.builder()
            .requestFactory(new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).build()))
            .defaultStatusHandler(status -> true, (request, response) -> {
            })
            .build();
    }

    @Test
    void homeListsCategoriesAndPopularProducts() {
        Page home = get("/");

        assertThat(home.status()).isEqualTo(200);
        assertThat(home.html().select(".category-card a")).extracting(a -> a.attr("href"))
            .containsExactly("/c/audio", "/c/kitchen");
        assertThat(home.html().select(".category-card a").first().text()).contains("Audio");
        assertThat(home.html().select(".product-card a")).extracting(a -> a.attr("href")).containsExactly("/p/p1", "/p/p2");
        Element first = home.html().selectFirst(".product-card");
        assertThat(first.text()).contains("Aurora Headphones", "$19.99");
        Element image = first.selectFirst("img");
        assertThat(image.attr("src")).isEqualTo("/media/products/p1.svg");
        assertThat(image.attr("loading")).isEqualTo("lazy");
        assertThat(image.attr("alt")).isEqualTo("Aurora Headphones");
        assertThat(image.attr("width")).isNotBlank();
        assertThat(api.requests("GET", "/api/catalog/products/popular").getFirst().query()).isEqualTo("limit=8");
        // The layout: search box, category navigation, a login link, and no cart call while logged out.
        assertThat(home.html().selectFirst("#search-input").closest("form").attr("action")).isEqualTo("/search");
        assertThat(home.html().select(".category-nav a")).hasSize(2);
        assertThat(home.html().select("#account-name")).isEmpty();
        assertThat(home.html().select("a[href=/login]")).isNotEmpty();
        assertThat(home.html().selectFirst("#cart-link").attr("href")).isEqualTo("/cart");
        assertThat(api.requests("GET", "/api/cart")).isEmpty();
    }

    @Test
    void categoryPagePaginates() {
        Page page = get("/c/audio?page=1");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html().selectFirst("h1").text()).isEqualTo("Audio");
        assertThat(page.html().select(".product-card a")).hasSize(24);
        assertThat(page.html().selectFirst(".product-card a").attr("href")).isEqualTo("/p/p25");
        assertThat(api.requests("GET", "/api/catalog/products").getFirst().query())
            .isEqualTo("category=audio&page=1&size=24");
        assertThat(page.html().selectFirst(".pagination a.next").attr("href")).isEqualTo("/c/audio?page=2");
        assertThat(page.html().selectFirst(".pagination a.prev").attr("href")).isEqualTo("/c/audio");
        assertThat(page.html().selectFirst(".pagination a.current").text()).isEqualTo("2");
        assertThat(page.html().select(".pagination .page-numbers a")).extracting(Element::text).containsExactly("1", "2", "3");

        Page last = get("/c/audio?page=2");
        assertThat(last.html().select(".pagination a.next")).isEmpty();
        assertThat(last.html().select(".pagination span.next.disabled")).hasSize(1);

        assertThat(get("/c/no-such-category").status()).isEqualTo(404);
    }

    @Test
    void searchPaginatesAndAnEmptyQueryExplains() {
        Page results = get("/search?q=lamp+%26+desk");

        assertThat(results.status()).isEqualTo(200);
        assertThat(api.requests("GET", "/api/catalog/products").getFirst().query()).isEqualTo("q=lamp%20%26%20desk&page=0&size=24");
        assertThat(results.html().selectFirst("#search-input").val()).isEqualTo("lamp & desk");
        assertThat(results.html().selectFirst(".pagination a.next").attr("href")).isEqualTo("/search?q=lamp+%26+desk&page=1");

        Page empty = get("/search?q=");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.html().text()).contains("What are you looking for?");
    }

    @Test
    void productPageShowsPriceAttributesAndTheAddToCartForm() {
        Page page = get("/p/p1");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html().selectFirst("h1").text()).isEqualTo("Aurora Headphones");
        assertThat(page.html().selectFirst(".price-large").text()).isEqualTo("$19.99");
        assertThat(page.html().select(".attribute-table tr")).extracting(Element::text)
            .containsExactly("Colour Graphite", "Battery hours 30", "Features Bluetooth, USB-C");
        Element form = page.html().selectFirst("#add-to-cart").closest("form");
        assertThat(form.attr("action")).isEqualTo("/cart/items");
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.selectFirst("input[name=productId]").val()).isEqualTo("p1");
        assertThat(page.html().selectFirst("#quantity").attr("max")).isEqualTo("99");
    }

    @Test
    void anUnknownProductIsAFriendly404Page() {
        Page page = get("/p/nope");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.html().selectFirst("h1").text()).isEqualTo("Page not found");
        assertThat(page.html().selectFirst("#search-input")).isNotNull();
        assertThat(page.body()).doesNotContain("Exception", "Whitelabel");

        Page nowhere = get("/no/such/page");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.contentType()).startsWith("text/html");
    }

    @Test
    void anUnreachableApiIsA503Page() {
        api.down(true);

        Page page = get("/");

        assertThat(page.status()).isEqualTo(503);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.html().selectFirst("h1").text()).isEqualTo("We're having trouble");
    }

    @Test
    void loginSetsHttpOnlySameSiteCookiesAndReturnsToNext() {
        Page login = post("/login", Map.of("email", "ada@example.com", "password", "secret", "next", "/cart"));

        assertThat(login.status()).isEqualTo(302);
        assertThat(login.location()).isEqualTo("/cart");
        assertThat(login.cookie("emporium_access")).startsWith("emporium_access=" + FakeApi.ACCESS + ";")
            .contains("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=900").doesNotContain("Secure");
        assertThat(login.cookie("emporium_refresh")).startsWith("emporium_refresh=" + FakeApi.REFRESH + ";")
            .contains("HttpOnly", "SameSite=Lax", "Path=/");

        Page overHttps = post("/login", Map.of("email", "ada@example.com", "password", "secret"),
                Map.of("X-Forwarded-Proto", "https"));
        assertThat(overHttps.location()).isEqualTo("/");
        assertThat(overHttps.cookie("emporium_access")).contains("Secure");

        Page elsewhere = post("/login", Map.of("email", "ada@example.com", "password", "secret", "next", "//evil.example/x"));
        assertThat(elsewhere.location()).isEqualTo("/");

        Page wrong = post("/login", Map.of("email", "ada@example.com", "password", "guess"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.html().selectFirst(".alert").text()).contains("don't match");
        assertThat(wrong.html().selectFirst("#login-email").val()).isEqualTo("ada@example.com");
        assertThat(wrong.headers().get(HttpHeaders.SET_COOKIE)).isNull();

        Page home = get("/", "emporium_access=" + FakeApi.ACCESS);
        assertThat(home.html().selectFirst("#account-name").text()).isEqualTo("Ada Lovelace");
        assertThat(home.html().selectFirst("#cart-count").text()).isEqualTo("2");
        assertThat(home.html().selectFirst("#logout").closest("form").attr("action")).isEqualTo("/logout");

        Page logout = post("/logout", Map.of(), Map.of(HttpHeaders.COOKIE, "emporium_access=" + FakeApi.ACCESS));
        assertThat(logout.status()).isEqualTo(302);
        assertThat(logout.cookie("emporium_access")).startsWith("emporium_access=;").contains("Max-Age=0");
    }

    @Test
    void theCartNeedsALogin() {
        Page cart = get("/cart");
        assertThat(cart.status()).isEqualTo(302);
        assertThat(cart.location()).isEqualTo("/login?next=%2Fcart");

        Page add = post("/cart/items", Map.of("productId", "p1", "quantity", "1"));
        assertThat(add.status()).isEqualTo(302);
        assertThat(add.location()).isEqualTo("/login?next=%2Fp%2Fp1");

        Page loginForm = get("/login?next=%2Fp%2Fp1");
        assertThat(loginForm.html().selectFirst("input[name=next]").val()).isEqualTo("/p/p1");
        assertThat(loginForm.html().select("#login-email, #login-password, #login-submit")).hasSize(3);
    }

    @Test
    void addsToTheCartAndShowsIt() {
        Page add = post("/cart/items", Map.of("productId", "p1", "quantity", "3"),
                Map.of(HttpHeaders.COOKIE, "emporium_access=" + FakeApi.ACCESS));

        assertThat(add.status()).isEqualTo(302);
        assertThat(add.location()).isEqualTo("/p/p1?added=1");
        FakeApi.Request put = api.requests("PUT", "/api/cart/items/p1").getFirst();
        assertThat(body(put).get("quantity").asInt()).isEqualTo(3);
        assertThat(put.header("Authorization")).isEqualTo("Bearer " + FakeApi.ACCESS);

        Page cart = get("/cart", "emporium_access=" + FakeApi.ACCESS);
        assertThat(cart.status()).isEqualTo(200);
        assertThat(cart.html().select(".cart-line")).hasSize(1);
        assertThat(cart.html().selectFirst(".cart-line").text()).contains("Aurora Headphones", "$19.99", "$39.98");
        assertThat(cart.html().selectFirst("#cart-count").text()).isEqualTo("2");
        assertThat(cart.html().selectFirst("#checkout-button").attr("href")).isEqualTo("/checkout");
        assertThat(api.requests("GET", "/api/cart")).hasSize(1);

        Page added = get("/p/p1?added=1", "emporium_access=" + FakeApi.ACCESS);
        assertThat(added.html().selectFirst(".alert").text()).contains("Added to cart");
    }

    @Test
    void checkoutPostsTheIdempotencyKeyAndAddressAndShowsTheOrder() {
        String cookie = "emporium_access=" + FakeApi.ACCESS;
        Page form = get("/checkout", cookie);
        assertThat(form.status()).isEqualTo(200);
        String key = form.html().selectFirst("input[name=idempotencyKey]").val();
        assertThat(key).matches("[0-9a-f-]{36}");
        assertThat(form.html().select("#payment-token option")).extracting(option -> option.attr("value"))
            .containsExactly("tok_visa", "tok_chargeDeclined");
        assertThat(form.html().select("#ship-name, #ship-line1, #ship-city, #ship-postal, #ship-country, #place-order"))
            .hasSize(6);
        assertThat(get("/checkout", cookie).html().selectFirst("input[name=idempotencyKey]").val()).isNotEqualTo(key);

        Page placed = post("/checkout", Map.of("idempotencyKey", key, "name", "Ada Lovelace", "line1", "1 Analytical Way",
                "city", "London", "postalCode", "N1 9GU", "country", "gb", "paymentToken", "tok_visa"),
                Map.of(HttpHeaders.COOKIE, cookie));

        assertThat(placed.status()).isEqualTo(302);
        assertThat(placed.location()).isEqualTo("/orders/o-1?placed=1");
        FakeApi.Request order = api.requests("POST", "/api/orders").getFirst();
        assertThat(order.header("Idempotency-Key")).isEqualTo(key);
        assertThat(order.header("Authorization")).isEqualTo("Bearer " + FakeApi.ACCESS);
        JsonNode body = body(order);
        assertThat(body.at("/shippingAddress/name").asString()).isEqualTo("Ada Lovelace");
        assertThat(body.at("/shippingAddress/line1").asString()).isEqualTo("1 Analytical Way");
        assertThat(body.at("/shippingAddress/city").asString()).isEqualTo("London");
        assertThat(body.at("/shippingAddress/postalCode").asString()).isEqualTo("N1 9GU");
        assertThat(body.at("/shippingAddress/country").asString()).isEqualTo("GB");
        assertThat(body.get("paymentToken").asString()).isEqualTo("tok_visa");

        Page page = get("/orders/o-1?placed=1", cookie);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html().selectFirst("#order-id").text()).isEqualTo("o-1");
        assertThat(page.html().selectFirst("#order-status").text()).isEqualTo("CONFIRMED");
        assertThat(page.html().selectFirst(".alert").text()).contains("Thank you");
        assertThat(page.html().text()).contains("1 Analytical Way", "$39.98");

        Page history = get("/orders", cookie);
        assertThat(history.html().select(".order-row a")).extracting(a -> a.attr("href")).containsExactly("/orders/o-1");
        assertThat(history.html().selectFirst(".order-row").text()).contains("CONFIRMED", "$39.98", "1 Mar 2026");

        assertThat(get("/orders/o-2", cookie).status()).isEqualTo(404);
    }

    @Test
    void aValidationProblemFromTheApiIsShownNextToTheField() {
        Page page = post("/checkout", Map.of("idempotencyKey", "key-1", "name", "Ada Lovelace", "line1", "1 Analytical Way",
                "city", "Nowhere", "postalCode", "N1 9GU", "country", "GB", "paymentToken", "tok_visa"),
                Map.of(HttpHeaders.COOKIE, "emporium_access=" + FakeApi.ACCESS));

        assertThat(page.status()).isEqualTo(400);
        Element city = page.html().selectFirst("#ship-city");
        assertThat(city.val()).isEqualTo("Nowhere");
        assertThat(city.parent().selectFirst(".field-error").text()).isEqualTo("is not a city we ship to");
        assertThat(page.html().select(".field-error")).hasSize(1);
        assertThat(page.html().selectFirst(".alert").text()).isNotBlank();
        assertThat(page.html().selectFirst("#ship-line1").val()).isEqualTo("1 Analytical Way");
        assertThat(page.html().selectFirst("input[name=idempotencyKey]").val()).isNotEqualTo("key-1");
    }

    @Test
    void theAccountPageNeedsALoginAndShowsTheProfileAndSavedAddresses() {
        Page loggedOut = get("/account");
        assertThat(loggedOut.status()).isEqualTo(302);
        assertThat(loggedOut.location()).isEqualTo("/login?next=%2Faccount");

        Page page = get("/account", "emporium_access=" + FakeApi.ACCESS);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html().selectFirst("#account-link").attr("href")).isEqualTo("/account");
        assertThat(page.html().selectFirst("#profile-email").text()).isEqualTo("ada@example.com");
        assertThat(page.html().select("input[name=email]")).isEmpty();
        assertThat(page.html().selectFirst("#profile-name").val()).isEqualTo("Ada Lovelace");
        assertThat(page.html().selectFirst("#marketing-opt-in").hasAttr("checked")).isFalse();
        assertThat(page.html().selectFirst("#profile-save").closest("form").attr("action")).isEqualTo("/account/profile");
        assertThat(page.html().select(".saved-address")).extracting(address -> address.attr("data-address-id"))
            .containsExactly("a-1", "a-2");
        Element home = page.html().selectFirst(".saved-address.is-default");
        assertThat(home.attr("data-address-id")).isEqualTo("a-1");
        assertThat(home.text()).contains("Default", "1 Analytical Way", "N1 9GU London", "United Kingdom");
        assertThat(home.select("button.make-default")).isEmpty();
        Element paris = page.html().selectFirst(".saved-address[data-address-id=a-2]");
        assertThat(paris.selectFirst("a.edit-address").attr("href")).isEqualTo("/account/addresses/a-2");
        assertThat(paris.selectFirst("button.make-default").closest("form").attr("action"))
            .isEqualTo("/account/addresses/a-2/default");
        assertThat(paris.selectFirst("button.delete-address").closest("form").attr("action"))
            .isEqualTo("/account/addresses/a-2/delete");
        assertThat(page.html().select("#address-name, #address-line1, #address-city, #address-postal, #address-save"))
            .hasSize(5);
        assertThat(page.html().select("#address-country option")).extracting(option -> option.attr("value"))
            .contains("GB", "US", "FR").hasSize(28);
        assertThat(page.html().selectFirst("#address-save").closest("form").attr("action")).isEqualTo("/account/addresses");
        assertThat(page.html().select(".alert")).isEmpty();
        assertThat(get("/account?done=%3Cscript%3E", "emporium_access=" + FakeApi.ACCESS).html().select(".alert")).isEmpty();
    }

    @Test
    void changingTheProfileSendsTheChangesShowsFieldErrorsAndRenewsTheGreeting() {
        String cookies = "emporium_access=" + FakeApi.ACCESS + "; emporium_refresh=" + FakeApi.REFRESH;
        Page saved = post("/account/profile", Map.of("name", "  Ada King ", "marketingOptIn", "true"),
                Map.of(HttpHeaders.COOKIE, cookies));

        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.location()).isEqualTo("/account?done=profile");
        JsonNode patch = body(api.requests("PATCH", "/api/account").getFirst());
        assertThat(patch.get("name").asString()).isEqualTo("Ada King");
        assertThat(patch.get("marketingOptIn").asBoolean()).isTrue();
        assertThat(patch.has("defaultAddressId")).isFalse();
        // New tokens, so the header greets by the new name from the next page on.
        assertThat(api.requests("POST", "/api/auth/refresh")).hasSize(1);
        assertThat(saved.cookie("emporium_access")).startsWith("emporium_access=" + FakeApi.FRESH + ";");

        Page page = get("/account?done=profile", "emporium_access=" + FakeApi.FRESH);
        assertThat(page.html().selectFirst(".alert").text()).isEqualTo("Your profile was saved.");
        assertThat(page.html().selectFirst("#profile-name").val()).isEqualTo("Ada King");
        assertThat(page.html().selectFirst("#marketing-opt-in").hasAttr("checked")).isTrue();

        // An unticked box is not sent at all: it means "no".
        Page refused = post("/account/profile", Map.of("name", " "),
                Map.of(HttpHeaders.COOKIE, "emporium_access=" + FakeApi.ACCESS));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(body(api.requests("PATCH", "/api/account").get(1)).get("marketingOptIn").asBoolean()).isFalse();
        Element name = refused.html().selectFirst("#profile-name");
        assertThat(name.parent().selectFirst(".field-error").text()).isEqualTo("must not be blank");
        assertThat(name.attr("aria-describedby")).isEqualTo("profile-name-error");
        assertThat(refused.html().select(".field-error")).hasSize(1);
        assertThat(refused.html().selectFirst(".alert").text()).isEqualTo("Please check the highlighted fields.");
        assertThat(refused.html().selectFirst("#marketing-opt-in").hasAttr("checked")).isFalse();
        assertThat(refused.html().select(".saved-address")).hasSize(2);
    }

    @Test
    void addressesAreAddedEditedMadeTheDefaultAndDeleted() {
        String cookie = "emporium_access=" + FakeApi.ACCESS;
        Map<String, String> headers = Map.of(HttpHeaders.COOKIE, cookie);

        Page refused = post("/account/addresses", Map.of("name", "Ada Lovelace", "line1", "3 Loom Road",
                "city", "Berlin", "postalCode", " ", "country", "DE"), headers);
        assertThat(refused.status()).isEqualTo(400);
        Element postal = refused.html().selectFirst("#address-postal");
        assertThat(postal.parent().selectFirst(".field-error").text()).isEqualTo("must not be blank");
        assertThat(refused.html().select(".field-error")).hasSize(1);
        assertThat(refused.html().selectFirst("#address-line1").val()).isEqualTo("3 Loom Road");
        assertThat(refused.html().selectFirst("#address-country option[selected]").val()).isEqualTo("DE");
        assertThat(refused.html().selectFirst("#profile-name").val()).isEqualTo("Ada Lovelace");

        Page added = post("/account/addresses", Map.of("name", " Ada Lovelace ", "line1", "3 Loom Road",
                "city", "Berlin", "postalCode", "10115", "country", "de"), headers);
        assertThat(added.status()).isEqualTo(302);
        assertThat(added.location()).isEqualTo("/account?done=added");
        JsonNode address = body(api.requests("POST", "/api/account/addresses").get(1));
        assertThat(address.get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(address.get("line1").asString()).isEqualTo("3 Loom Road");
        assertThat(address.get("city").asString()).isEqualTo("Berlin");
        assertThat(address.get("postalCode").asString()).isEqualTo("10115");
        assertThat(address.get("country").asString()).isEqualTo("DE");
        Page account = get("/account?done=added", cookie);
        assertThat(account.html().selectFirst(".alert").text()).contains("added");
        assertThat(account.html().select(".saved-address")).hasSize(3);

        Page edit = get("/account/addresses/a-2", cookie);
        assertThat(edit.status()).isEqualTo(200);
        assertThat(edit.html().selectFirst("#address-line1").val()).isEqualTo("10 Engine Street");
        assertThat(edit.html().selectFirst("#address-country option[selected]").val()).isEqualTo("FR");
        assertThat(edit.html().selectFirst("#address-save").closest("form").attr("action")).isEqualTo("/account/addresses/a-2");
        Page wrong = post("/account/addresses/a-2", Map.of("name", "Ada Lovelace", "line1", "10 Engine Street",
                "city", "", "postalCode", "75001", "country", "FR"), headers);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.html().selectFirst("#address-city").parent().selectFirst(".field-error").text())
            .isEqualTo("must not be blank");
        assertThat(wrong.html().selectFirst("#address-save").closest("form").attr("action")).isEqualTo("/account/addresses/a-2");
        Page changed = post("/account/addresses/a-2", Map.of("name", "Ada Lovelace", "line1", "12 Engine Street",
                "city", "Paris", "postalCode", "75002", "country", "FR"), headers);
        assertThat(changed.location()).isEqualTo("/account?done=updated");
        assertThat(body(api.requests("PUT", "/api/account/addresses/a-2").get(1)).get("line1").asString())
            .isEqualTo("12 Engine Street");
        assertThat(get("/account/addresses/nope", cookie).status()).isEqualTo(404);

        Page madeDefault = post("/account/addresses/a-2/default", Map.of(), headers);
        assertThat(madeDefault.location()).isEqualTo("/account?done=default");
        assertThat(body(api.requests("PATCH", "/api/account").getFirst()).get("defaultAddressId").asString()).isEqualTo("a-2");
        assertThat(get("/account", cookie).html().selectFirst(".saved-address.is-default").attr("data-address-id"))
            .isEqualTo("a-2");

        Page deleted = post("/account/addresses/a-2/delete", Map.of(), headers);
        assertThat(deleted.location()).isEqualTo("/account?done=removed");
        assertThat(api.requests("DELETE", "/api/account/addresses/a-2")).hasSize(1);
        Page after = get("/account", cookie);
        assertThat(after.html().select(".saved-address")).extracting(a -> a.attr("data-address-id")).containsExactly("a-1", "a-3");
        assertThat(after.html().select(".saved-address.is-default")).isEmpty();
    }

    @Test
    void checkoutOffersTheSavedAddressesAndOrdersToTheChosenOne() {
        String cookie = "emporium_access=" + FakeApi.ACCESS;
        Page form = get("/checkout", cookie);

        assertThat(form.status()).isEqualTo(200);
        assertThat(form.html().select(".address-choice input[name=addressId]")).extracting(radio -> radio.val())
            .containsExactly("a-1", "a-2", "new");
        assertThat(form.html().select("input[name=addressId][checked]")).extracting(radio -> radio.val())
            .containsExactly("a-1");
        assertThat(form.html().selectFirst("label[for=address-choice-0]").text()).contains("Default", "1 Analytical Way");
        assertThat(form.html().select("#address-choice-new, #ship-name, #ship-line1, #save-address")).hasSize(4);
        assertThat(form.html().selectFirst("#ship-name").val()).isEmpty();

        Page placed = post("/checkout", Map.of("idempotencyKey", "key-saved", "addressId", "a-2", "name", "", "line1", "",
                "city", "", "postalCode", "", "country", "US", "saveAddress", "true", "paymentToken", "tok_visa"),
                Map.of(HttpHeaders.COOKIE, cookie));

        assertThat(placed.status()).isEqualTo(302);
        assertThat(placed.location()).isEqualTo("/orders/o-1?placed=1");
        JsonNode order = body(api.requests("POST", "/api/orders").getFirst());
        assertThat(order.at("/shippingAddress/name").asString()).isEqualTo("Ada Lovelace");
        assertThat(order.at("/shippingAddress/line1").asString()).isEqualTo("10 Engine Street");
        assertThat(order.at("/shippingAddress/city").asString()).isEqualTo("Paris");
        assertThat(order.at("/shippingAddress/postalCode").asString()).isEqualTo("75001");
        assertThat(order.at("/shippingAddress/country").asString()).isEqualTo("FR");
        assertThat(order.get("paymentToken").asString()).isEqualTo("tok_visa");
        assertThat(api.requests("GET", "/api/account/addresses/a-2")).hasSize(1);
        assertThat(api.requests("POST", "/api/account/addresses")).isEmpty();

        // Deleted meanwhile: the form again, with the remaining choices.
        Page gone = post("/checkout", Map.of("idempotencyKey", "key-gone", "addressId", "a-9", "paymentToken", "tok_visa"),
                Map.of(HttpHeaders.COOKIE, cookie));
        assertThat(gone.status()).isEqualTo(409);
        assertThat(gone.html().selectFirst(".alert").text()).contains("no longer in your account");
        assertThat(gone.html().select("input[name=addressId][checked]")).extracting(radio -> radio.val())
            .containsExactly("new");
        assertThat(api.requests("POST", "/api/orders")).hasSize(1);
    }

    @Test
    void aSavedAddressTheOrdersApiRefusesIsShownInTheFieldsToCorrect() {
        String cookie = "emporium_access=" + FakeApi.ACCESS;
        post("/account/addresses", Map.of("name", "Ada Lovelace", "line1", "1 Nowhere Lane", "city", "Nowhere",
                "postalCode", "00000", "country", "US"), Map.of(HttpHeaders.COOKIE, cookie));

        Page page = post("/checkout", Map.of("idempotencyKey", "key-2", "addressId", "a-3", "paymentToken", "tok_visa"),
                Map.of(HttpHeaders.COOKIE, cookie));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.html().select("input[name=addressId][checked]")).extracting(radio -> radio.val())
            .containsExactly("new");
        Element city = page.html().selectFirst("#ship-city");
        assertThat(city.val()).isEqualTo("Nowhere");
        assertThat(city.parent().selectFirst(".field-error").text()).isEqualTo("is not a city we ship to");
        assertThat(page.html().selectFirst("#ship-line1").val()).isEqualTo("1 Nowhere Lane");
        assertThat(page.html().selectFirst("#ship-country option[selected]").val()).isEqualTo("US");
    }

    @Test
    void aNewAddressIsSavedToTheAccountOnceTheOrderWasAccepted() {
        Map<String, String> form = Map.of("idempotencyKey", "key-new", "addressId", "new", "name", "Ada Lovelace",
                "line1", "7 Babbage Close", "city", "Dublin", "postalCode", "D02 X285", "country", "ie",
                "saveAddress", "true", "paymentToken", "tok_visa");
        Map<String, String> headers = Map.of(HttpHeaders.COOKIE, "emporium_access=" + FakeApi.ACCESS);

        Page placed = post("/checkout", form, headers);

        assertThat(placed.location()).isEqualTo("/orders/o-1?placed=1");
        assertThat(body(api.requests("POST", "/api/orders").getFirst()).at("/shippingAddress/line1").asString())
            .isEqualTo("7 Babbage Close");
        List<FakeApi.Request> saved = api.requests("POST", "/api/account/addresses");
        assertThat(saved).hasSize(1);
        JsonNode address = body(saved.getFirst());
        assertThat(address.get("line1").asString()).isEqualTo("7 Babbage Close");
        assertThat(address.get("postalCode").asString()).isEqualTo("D02 X285");
        assertThat(address.get("country").asString()).isEqualTo("IE");
        assertThat(api.requests().indexOf(saved.getFirst()))
            .isGreaterThan(api.requests().indexOf(api.requests("POST", "/api/orders").getFirst()));

        // The same form again (a second click): one order, and the address is not saved twice.
        assertThat(post("/checkout", form, headers).location()).isEqualTo("/orders/o-1?placed=1");
        assertThat(api.requests("POST", "/api/account/addresses")).hasSize(1);

        // Without the box ticked nothing is saved; with identity down the order still goes through, quietly.
        Map<String, String> unticked = new java.util.HashMap<>(form);
        unticked.remove("saveAddress");
        unticked.put("line1", "8 Babbage Close");
        assertThat(post("/checkout", unticked, headers).location()).isEqualTo("/orders/o-1?placed=1");
        assertThat(api.requests("POST", "/api/account/addresses")).hasSize(1);
        api.accountDown(true);
        Page quietly = post("/checkout", Map.of("idempotencyKey", "key-down", "name", "Ada Lovelace",
                "line1", "9 Babbage Close", "city", "Dublin", "postalCode", "D02 X285", "country", "IE",
                "saveAddress", "true", "paymentToken", "tok_visa"), headers);
        assertThat(quietly.status()).isEqualTo(302);
        assertThat(quietly.location()).isEqualTo("/orders/o-1?placed=1");
    }

    @Test
    void checkoutOffersThePlainAddressFormWhenTheAccountCannotBeRead() {
        api.accountDown(true);
        String cookie = "emporium_access=" + FakeApi.ACCESS;

        Page form = get("/checkout", cookie);

        assertThat(form.status()).isEqualTo(200);
        assertThat(form.html().select("input[name=addressId]")).isEmpty();
        assertThat(form.html().select("#save-address")).isEmpty();
        assertThat(form.html().select("#ship-name, #ship-line1, #ship-city, #ship-postal, #ship-country, #place-order"))
            .hasSize(6);
        assertThat(form.html().select(".alert")).isEmpty();

        Page chosen = post("/checkout", Map.of("idempotencyKey", "key-3", "addressId", "a-1", "paymentToken", "tok_visa"),
                Map.of(HttpHeaders.COOKIE, cookie));
        assertThat(chosen.status()).isEqualTo(503);
        assertThat(chosen.html().selectFirst(".alert").text()).contains("enter the shipping address");
        assertThat(chosen.html().select("#ship-name")).hasSize(1);
        assertThat(api.requests("POST", "/api/orders")).isEmpty();

        assertThat(get("/account", cookie).status()).isEqualTo(503);
    }

    @Test
    void anExpiredTokenIsRefreshedOnceAndTheRequestRetried() {
        api.validTokens.remove(FakeApi.EXPIRED);

        Page cart = get("/cart", "emporium_access=" + FakeApi.EXPIRED + "; emporium_refresh=" + FakeApi.REFRESH);

        assertThat(cart.status()).isEqualTo(200);
        assertThat(cart.html().select(".cart-line")).hasSize(1);
        assertThat(api.requests("POST", "/api/auth/refresh")).hasSize(1);
        assertThat(body(api.requests("POST", "/api/auth/refresh").getFirst()).get("refreshToken").asString())
            .isEqualTo(FakeApi.REFRESH);
        assertThat(api.requests("GET", "/api/cart")).extracting(request -> request.header("Authorization"))
            .containsExactly("Bearer " + FakeApi.EXPIRED, "Bearer " + FakeApi.FRESH);
        assertThat(cart.cookie("emporium_access")).startsWith("emporium_access=" + FakeApi.FRESH + ";").contains("HttpOnly");
        assertThat(cart.cookie("emporium_refresh")).startsWith("emporium_refresh=" + FakeApi.ROTATED + ";");

        // A spent refresh token: the login is over, cookies are cleared and the customer goes to the login page.
        api.reset();
        Page expired = get("/orders", "emporium_access=" + FakeApi.EXPIRED + "; emporium_refresh=spent");
        assertThat(expired.status()).isEqualTo(302);
        assertThat(expired.location()).isEqualTo("/login?next=%2Forders");
        assertThat(expired.cookie("emporium_access")).contains("Max-Age=0");
        assertThat(expired.cookie("emporium_refresh")).contains("Max-Age=0");
        assertThat(api.requests("POST", "/api/auth/refresh")).hasSize(1);
    }

    @Test
    void staticFilesAreLinkedFingerprintedAndImmutableForAYear() {
        Page home = get("/");
        String stylesheet = home.html().selectFirst("link[rel=stylesheet]").attr("href");
        String script = home.html().selectFirst("script[src]").attr("src");
        String icon = home.html().selectFirst("link[rel=icon]").attr("href");
        assertThat(stylesheet).matches("/css/app-[0-9a-f]{32}\\.css");
        assertThat(script).matches("/js/app-[0-9a-f]{32}\\.js");
        assertThat(icon).matches("/favicon-[0-9a-f]{32}\\.svg");

        Page css = get(stylesheet);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.headers().getCacheControl()).isEqualTo("max-age=31536000, public, immutable");
        assertThat(css.body()).contains("--brand");
        for (String fingerprinted : List.of(script, icon)) {
            Page file = get(fingerprinted);
            assertThat(file.status()).as(fingerprinted).isEqualTo(200);
            assertThat(file.headers().getCacheControl()).as(fingerprinted)
                .isEqualTo("max-age=31536000, public, immutable");
        }
    }

    @Test
    void aPlainFileNameStillAnswersButIsRevalidatedAndAWrongFingerprintNamesNothing() {
        // The plain name keeps naming the file when it changes: served, but never kept without asking again.
        Page plain = get("/css/app.css");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.body()).contains("--brand");
        assertThat(plain.headers().getCacheControl()).isEqualTo("no-cache");
        assertThat(plain.headers().getLastModified()).isPositive();
        String lastModified = plain.headers().getFirst(HttpHeaders.LAST_MODIFIED);
        Page unchanged = get("/css/app.css", Map.of(HttpHeaders.IF_MODIFIED_SINCE, lastModified));
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(get("/favicon.svg").headers().getCacheControl()).isEqualTo("no-cache");

        // A fingerprint that is not the file's content (an old one, or another instance's newer one in a rolling
        // deploy): a 404, never the current file, which the edge would then keep a year under the wrong name.
        assertThat(get("/css/app-00000000000000000000000000000000.css").status()).isEqualTo(404);
        assertThat(get("/js/app-00000000000000000000000000000000.js").status()).isEqualTo(404);
    }

    @Test
    void anAdminSeesEveryInstanceTheirHealthAndTheShardMap() {
        Page ops = get("/ops", "emporium_access=" + FakeApi.ADMIN);

        assertThat(ops.status()).isEqualTo(200);
        assertThat(ops.headers().getCacheControl()).isEqualTo("no-store");
        assertThat(ops.html().selectFirst("h1").text()).isEqualTo("Operations");
        // The topology: every configured service, the edge first, each with its state in words.
        assertThat(ops.html().select(".ops-service")).extracting(service -> service.attr("data-service")).containsExactly(
                "gateway", "storefront", "cart", "catalog", "identity", "inventory", "media", "notifications", "orders",
                "payment-provider", "payments");
        Element gateway = service(ops, "gateway");
        assertThat(gateway.attr("data-state")).isEqualTo("UP");
        assertThat(gateway.hasClass("tone-up")).isTrue();
        Element instance = gateway.selectFirst(".ops-instance");
        assertThat(instance.attr("data-url")).isEqualTo(instances.url("gateway"));
        assertThat(instance.selectFirst(".status-badge").text()).isEqualTo("UP");
        assertThat(instance.selectFirst(".ops-millis").text()).matches("\\d+ ms");
        Element notifications = service(ops, "notifications");
        assertThat(notifications.attr("data-state")).isEqualTo("DOWN");
        assertThat(notifications.selectFirst(".ops-instance .status-badge").text()).isEqualTo("DOWN");
        assertThat(ops.html().selectFirst("#ops-instances-up").text()).isEqualTo("10");
        assertThat(ops.html().selectFirst("#ops-summary-instances").text()).contains("10 of 12", "2 not healthy");
        // What the scrapes tell: the cache, the breaker, the queue with its parked message, the outbox.
        assertThat(ops.html().selectFirst("#ops-caches .ops-cache").text()).contains("catalog.products", "90.0%", "100");
        assertThat(ops.html().selectFirst("#ops-breakers .ops-breaker").text()).contains("redis", "catalog", "CLOSED");
        Element queue = ops.html().selectFirst("#ops-queues .ops-queue");
        assertThat(queue.text()).contains("orders.saga", "orders", "3", "1");
        assertThat(queue.hasClass("tone-down")).isTrue();
        assertThat(ops.html().selectFirst("#ops-outboxes .ops-outbox").text()).contains("orders-s0", "0.5 s");
        // Every service has a row of charts, which the script fills from /ops/data.
        Element charts = ops.html().selectFirst("#ops-charts");
        assertThat(charts.attr("data-src")).isEqualTo("/ops/data");
        assertThat(charts.attr("data-live")).isEqualTo("/ops/live");
        assertThat(charts.attr("data-interval")).isEqualTo("200");
        assertThat(charts.select("tbody tr[data-service]")).hasSize(11);
        assertThat(charts.select("tbody tr[data-service=catalog] td[data-metric] svg")).hasSize(3);
        assertThat(ops.html().select("script[src]")).extracting(script -> script.attr("src"))
            .anyMatch(src -> src.matches("/js/ops-[0-9a-f]{32}\\.js"));
        // The shard map, read with the admin's token through the API.
        assertThat(api.requests("GET", "/api/ops/shards")).extracting(request -> request.header("Authorization"))
            .containsExactly("Bearer " + FakeApi.ADMIN);
        assertThat(ops.html().selectFirst("#ops-shards").text()).contains("version 7", "4096 buckets", "2 shards",
                "Not reporting their shards: cart");
        assertThat(ops.html().select(".shard-row")).extracting(row -> row.attr("data-shard")).containsExactly("s0", "s1");
        assertThat(ops.html().selectFirst(".shard-row[data-shard=s1]").text()).contains("2048", "50.0%", "2048-4095",
                "users 9 · addresses 1", "orders 31 · outbox 2");
        assertThat(ops.html().select(".shard-segment")).extracting(segment -> segment.attr("style"))
            .containsExactly("left: 0.0%; width: 50.0%", "left: 50.0%; width: 50.0%");
    }

    @Test
    void anInstanceThatDoesNotAnswerIsShownUnreachableAndThePageStillRenders() {
        api.opsDown(true);

        Page ops = get("/ops", "emporium_access=" + FakeApi.ADMIN);

        assertThat(ops.status()).isEqualTo(200);
        Element payments = service(ops, "payments");
        assertThat(payments.attr("data-state")).isEqualTo("DEGRADED");
        assertThat(payments.text()).contains("DEGRADED");
        Element lost = payments.selectFirst(".ops-instance[data-url=" + UNREACHABLE + "]");
        assertThat(lost.attr("data-status")).isEqualTo("UNREACHABLE");
        assertThat(lost.hasClass("tone-unreachable")).isTrue();
        assertThat(lost.selectFirst(".status-badge").text()).isEqualTo("UNREACHABLE");
        assertThat(lost.selectFirst(".ops-millis").text()).isEqualTo("–");
        assertThat(lost.selectFirst(".ops-problem").text()).isEqualTo("connection refused");
        assertThat(payments.selectFirst(".ops-instance[data-url=" + instances.url("payments") + "]").attr("data-status"))
            .isEqualTo("UP");
        // Without the shard map the rest of the console is still there, and says what is missing.
        assertThat(ops.html().selectFirst("#ops-shards .alert").text()).contains("could not be read");
        assertThat(ops.html().select(".shard-row")).isEmpty();
        assertThat(ops.html().select(".ops-service")).hasSize(11);
    }

    @Test
    void theConsoleDataChartsEveryServiceFromTheIncreaseOfItsCounters() {
        JsonNode data = await().atMost(Duration.ofSeconds(15)).until(() -> opsData(), node -> node.get("samples").asInt() >= 3);

        assertThat(data.get("intervalMillis").asLong()).isEqualTo(200);
        assertThat(data.get("windowMillis").asLong()).isEqualTo(300_000);
        assertThat(data.get("services")).hasSize(11);
        assertThat(data.get("services").get(0).asString()).isEqualTo("gateway");
        JsonNode points = data.get("points");
        assertThat(points.size()).isEqualTo(data.get("samples").asInt() - 1);
        JsonNode latest = points.get(points.size() - 1).get("services");
        // Ten requests per scrape, one a 503, half a second in all: 10% errors at a mean of 50 ms.
        JsonNode catalog = latest.get("catalog");
        assertThat(catalog.get("requestsPerSecond").asDouble()).isPositive();
        assertThat(catalog.get("errorRatio").asDouble()).isCloseTo(0.1, within(1e-9));
        assertThat(catalog.get("latencyMillis").asDouble()).isCloseTo(50.0, within(1e-6));
        assertThat(catalog.get("latency").asString()).isEqualTo("mean");
        // The gateway publishes buckets: its latency is the p95.
        assertThat(latest.get("gateway").get("latency").asString()).isEqualTo("p95");
        assertThat(latest.get("gateway").get("latencyMillis").asDouble()).isCloseTo(75.0, within(1e-6));
        // The payments service counts its instance that answers; the lost one is in no interval.
        assertThat(latest.get("payments").get("errorRatio").asDouble()).isCloseTo(0.1, within(1e-9));
        assertThat(data.get("instances")).hasSize(12);
        JsonNode lost = StreamSupport.stream(data.get("instances").spliterator(), false)
            .filter(instance -> instance.get("url").asString().equals(UNREACHABLE)).findFirst().orElseThrow();
        assertThat(lost.get("status").asString()).isEqualTo("UNREACHABLE");
        assertThat(lost.get("tone").asString()).isEqualTo("unreachable");
    }

    @Test
    void theLivePartsOfTheConsoleComeWithoutTheLayout() {
        Page live = get("/ops/live", "emporium_access=" + FakeApi.ADMIN);

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.contentType()).startsWith("text/html");
        assertThat(live.headers().getCacheControl()).isEqualTo("no-store");
        assertThat(live.html().select("#ops-overview .ops-service")).hasSize(11);
        assertThat(live.html().selectFirst("#ops-overview #ops-instances-up").text()).isEqualTo("10");
        assertThat(live.html().selectFirst("#ops-panels #ops-queues .ops-queue").text()).contains("orders.saga");
        // Polled at every sample: no header, no navigation, and so no calls for categories or the cart.
        assertThat(live.html().select(".site-header, #ops-charts, #ops-shards")).isEmpty();
        assertThat(api.requests()).extracting(FakeApi.Request::path).doesNotContain("/api/catalog/categories", "/api/cart");
        assertThat(get("/ops/live", "emporium_access=" + FakeApi.CUSTOMER).status()).isEqualTo(403);
        assertThat(get("/ops/live").location()).isEqualTo("/login?next=%2Fops%2Flive");
    }

    @Test
    void aCustomerIsRefusedTheConsoleWithAForbiddenPage() {
        Page ops = get("/ops", "emporium_access=" + FakeApi.CUSTOMER);

        assertThat(ops.status()).isEqualTo(403);
        assertThat(ops.contentType()).startsWith("text/html");
        assertThat(ops.html().selectFirst("h1").text()).isEqualTo("Access denied");
        assertThat(ops.html().selectFirst(".lead").text()).contains("for administrators");
        assertThat(ops.html().select(".ops-service, #ops-charts")).isEmpty();
        assertThat(ops.html().selectFirst("#account-name").text()).isEqualTo("Charles Babbage");
        assertThat(get("/ops/data", "emporium_access=" + FakeApi.CUSTOMER).status()).isEqualTo(403);
        assertThat(api.requests("GET", "/api/ops/shards")).isEmpty();
    }

    @Test
    void aVisitorLogsInFirstAndATokenNotSignedByIdentityCountsForNothing() {
        Page visitor = get("/ops");
        assertThat(visitor.status()).isEqualTo(302);
        assertThat(visitor.location()).isEqualTo("/login?next=%2Fops");

        // A token claiming the admin role without identity's signature: rejected like an expired one; without a
        // refresh token to renew it, the login is over.
        Page forged = get("/ops", "emporium_access=" + FakeApi.FORGED_ADMIN);
        assertThat(forged.status()).isEqualTo(302);
        assertThat(forged.location()).isEqualTo("/login?next=%2Fops");
        assertThat(forged.cookie("emporium_access")).contains("Max-Age=0");
        assertThat(get("/ops/data", "emporium_access=" + FakeApi.FORGED_ADMIN).location()).isEqualTo("/login?next=%2Fops%2Fdata");
        assertThat(api.requests("GET", "/api/ops/shards")).isEmpty();
    }

    private JsonNode opsData() {
        Page data = get("/ops/data", "emporium_access=" + FakeApi.ADMIN);
        assertThat(data.status()).isEqualTo(200);
        assertThat(data.contentType()).startsWith("application/json");
        assertThat(data.headers().getCacheControl()).isEqualTo("no-store");
        return json.readTree(data.body());
    }

    private static Element service(Page page, String name) {
        return page.html().selectFirst(".ops-service[data-service=" + name + "]");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private Page get(String path, String... cookies) {
        return get(path, cookies.length == 0 ? Map.of() : Map.of(HttpHeaders.COOKIE, String.join("; ", cookies)));
    }

    private Page get(String path, Map<String, String> headers) {
        RestClient.RequestHeadersSpec<?> request = this.http.get().uri(URI.create("http://localhost:" + this.port + path));
        headers.forEach(request::header);
        return Page.of(request.retrieve().toEntity(String.class));
    }

    private Page post(String path, Map<String, String> form) {
        return post(path, form, Map.of());
    }

    private Page post(String path, Map<String, String> form, Map<String, String> headers) {
        MultiValueMap<String, String> body = new LinkedMultiValueMap<>();
        form.forEach(body::add);
        RestClient.RequestBodySpec request = this.http.method(HttpMethod.POST).uri(URI.create("http://localhost:" + this.port + path))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.forEach(request::header);
        return Page.of(request.body(body).retrieve().toEntity(String.class));
    }

    private static JsonNode body(FakeApi.Request request) {
        return json.readTree(request.body());
    }

    record Page(int status, HttpHeaders headers, String body, Document html) {

        static Page of(ResponseEntity<String> response) {
            String body = response.getBody() == null ? "" : response.getBody();
            return new Page(response.getStatusCode().value(), response.getHeaders(), body, Jsoup.parse(body));
        }

        String contentType() {
            MediaType type = this.headers.getContentType();
            return type == null ? "" : type.toString();
        }

        String location() {
            return String.valueOf(this.headers.getFirst(HttpHeaders.LOCATION));
        }

        /** The Set-Cookie header of one cookie, as sent. */
        String cookie(String name) {
            List<String> cookies = this.headers.get(HttpHeaders.SET_COOKIE);
            return cookies == null ? "" : cookies.stream().filter(cookie -> cookie.startsWith(name + "="))
                .reduce((first, second) -> second).orElse("");
        }
    }
}
