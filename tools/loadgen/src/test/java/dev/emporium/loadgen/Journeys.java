package dev.emporium.loadgen;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doIfEqualsOrElse;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.emporium.loadgen.Customers.Customer;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The four journeys of the mix, each a Gatling group named after it (the report's per-journey statistics), each
 * request named for the report. Anonymous journeys alternate between a browser's storefront pages and an app's use
 * of the public API; logged-in ones borrow a customer ({@link Customers}) for their whole length.
 */
final class Journeys {

    static final String BROWSE = "browse";

    static final String SEARCH = "search";

    static final String CART = "cart";

    static final String CHECKOUT = "checkout";

    /** The realistic mix of issue 7: most visitors only look, one in twenty buys. */
    static final Map<String, Integer> MIX = mix();

    /** The session attribute holding the virtual client's address, sent as {@code X-Forwarded-For}. */
    static final String CLIENT = "client";

    private static final String CUSTOMER = "customer";

    private static final String WEB = "web";

    /** A cart that has grown past this many lines loses its oldest one, as shoppers tidy up. */
    private static final int MAX_CART_LINES = 5;

    /** A journey waits at most this long for a free customer (more logged-in journeys at once than customers). */
    private static final Duration CUSTOMER_WAIT = Duration.ofSeconds(30);

    private static final Duration CUSTOMER_POLL = Duration.ofMillis(50);

    /** An order is read until CONFIRMED or CANCELLED, every 250 ms for at most 15 s; then it counts as failed. */
    private static final Duration ORDER_POLL = Duration.ofMillis(250);

    private static final int ORDER_POLLS = 60;

    private final Catalog catalog;

    private final Customers customers;

    private final Duration thinkTime;

    // One alternation per journey: a shared one, drawn 14 times by browse for every 2 by search, could give search
    // the same channel every time.
    private final WeightedRoundRobin<String> browseChannels = new WeightedRoundRobin<>(channels());

    private final WeightedRoundRobin<String> searchChannels = new WeightedRoundRobin<>(channels());

    Journeys(Catalog catalog, Customers customers, Duration thinkTime) {
        this.catalog = catalog;
        this.customers = customers;
        this.thinkTime = thinkTime;
    }

    /** Home page, a category, a product: as pages of the storefront, or as the API's categories, listing and product. */
    ChainBuilder browse() {
        return group(BROWSE).on(
                exec(session -> session.set("category", this.catalog.category())
                    .set("product", this.catalog.product())
                    .set("channel", this.browseChannels.next())),
                doIfEqualsOrElse("#{channel}", WEB).then(
                        exec(page("home page", "/")), think(),
                        exec(page("category page", "/c/#{category}")), think(),
                        exec(page("product page", "/p/#{product}")))
                    .orElse(
                        exec(api("categories (API)", "/api/catalog/categories")), think(),
                        exec(api("category listing (API)", "/api/catalog/products")
                            .queryParam("category", "#{category}").queryParam("size", 24)), think(),
                        exec(api("product (API)", "/api/catalog/products/#{product}"))));
    }

    /** A search for a word of the catalog's names, on the search page or through the API (then the first hit). */
    ChainBuilder search() {
        return group(SEARCH).on(
                exec(session -> session.set("term", this.catalog.searchTerm()).set("channel", this.searchChannels.next())),
                doIfEqualsOrElse("#{channel}", WEB).then(
                        exec(page("search page", "/search").queryParam("q", "#{term}")))
                    .orElse(
                        exec(api("search (API)", "/api/catalog/products").queryParam("q", "#{term}").queryParam("size", 24)
                            .check(jmesPath("items[0].id").optional().saveAs("hit"))),
                        doIf(session -> session.contains("hit")).then(
                                think(),
                                exec(api("product (API)", "/api/catalog/products/#{hit}")))));
    }

    /** A customer puts a product in the cart, reads the cart, and drops the oldest line of a long cart. */
    ChainBuilder cart() {
        return asCustomer(CART,
                exec(session -> session.set("product", this.catalog.product())
                    .set("quantity", ThreadLocalRandom.current().nextInt(1, 4))),
                exec(addToCart()),
                think(),
                exec(authorized(http("cart").get("/api/cart"))
                    .check(status().is(200), jmesPath("length(items)").ofInt().saveAs("lines"),
                            jmesPath("items[0].productId").optional().saveAs("oldest"))),
                doIf(session -> session.contains("lines") && session.getInt("lines") > MAX_CART_LINES
                        && session.contains("oldest")).then(
                        think(),
                        exec(authorized(http("remove from cart").delete("/api/cart/items/#{oldest}"))
                            .check(status().is(200)))));
    }

    /**
     * A customer puts a product in the cart and checks out ({@code POST /api/orders} with an {@code Idempotency-Key},
     * 202 PENDING), then reads the order until its saga has made it CONFIRMED or CANCELLED. An order still pending
     * after the polls is read once more as "order final status", which fails: the report counts it.
     */
    ChainBuilder checkout() {
        return asCustomer(CHECKOUT,
                exec(session -> session.set("product", this.catalog.product()).set("quantity", 1)
                    .set("idempotencyKey", UUID.randomUUID().toString())),
                exec(addToCart()),
                think(),
                exec(authorized(http("place order").post("/api/orders"))
                    .header("Idempotency-Key", "#{idempotencyKey}")
                    .body(StringBody(Journeys::orderBody)).asJson()
                    .check(status().is(202), jmesPath("id").saveAs("order"))),
                doIf(session -> session.contains("order")).then(
                        asLongAs(session -> !settled(session) && polls(session) < ORDER_POLLS, "polls").on(
                                pause(ORDER_POLL),
                                exec(authorized(http("order status").get("/api/orders/#{order}"))
                                    .check(status().is(200), jmesPath("status").saveAs("status")))),
                        doIf(session -> !settled(session)).then(
                                exec(authorized(http("order final status").get("/api/orders/#{order}"))
                                    .check(status().is(200), jmesPath("status").in("CONFIRMED", "CANCELLED"))))));
    }

    /** Borrows a customer (waiting a little for one), renews its token when due, runs the steps, gives it back. */
    private ChainBuilder asCustomer(String journey, ChainBuilder... steps) {
        long waits = CUSTOMER_WAIT.toMillis() / CUSTOMER_POLL.toMillis();
        return group(journey).on(
                exec(this::borrow),
                asLongAs(session -> !session.contains(CUSTOMER) && waits(session) < waits, "waits").on(
                        pause(CUSTOMER_POLL),
                        exec(this::borrow)),
                doIfOrElse(session -> session.contains(CUSTOMER)).then(
                        exec(refreshIfDue()),
                        exec(List.of(steps)),
                        exec(session -> {
                            this.customers.giveBack(customer(session));
                            return session.remove(CUSTOMER);
                        }))
                    .orElse(
                        exec(session -> {
                            System.err.println("loadgen: no free customer for " + CUSTOMER_WAIT.toSeconds()
                                    + " s; run with more --customers");
                            return session.markAsFailed();
                        })));
    }

    private Session borrow(Session session) {
        Customer customer = this.customers.borrow();
        return customer == null ? session : session.set(CUSTOMER, customer).set(CLIENT, customer.address());
    }

    /** The journey that first finds the token past half its life renews it; the others go on with the old one. */
    private ChainBuilder refreshIfDue() {
        return doIf(session -> customer(session).claimRefresh()).then(
                exec(http("refresh token").post("/api/auth/refresh")
                    .body(StringBody(session -> "{\"refreshToken\":\"" + customer(session).refreshToken() + "\"}")).asJson()
                    .check(status().is(200), jmesPath("accessToken").saveAs("accessToken"),
                            jmesPath("refreshToken").saveAs("refreshToken"),
                            jmesPath("expiresIn").ofLong().saveAs("expiresIn"))),
                exec(session -> {
                    boolean renewed = session.contains("accessToken") && session.contains("refreshToken");
                    customer(session).refreshed(renewed ? session.getString("accessToken") : null,
                            renewed ? session.getString("refreshToken") : null,
                            renewed && session.contains("expiresIn") ? session.getLong("expiresIn") : 0);
                    return session.removeAll("accessToken", "refreshToken", "expiresIn");
                }));
    }

    private HttpRequestActionBuilder addToCart() {
        return authorized(http("add to cart").put("/api/cart/items/#{product}"))
            .body(StringBody("{\"quantity\":#{quantity}}")).asJson()
            .check(status().is(200));
    }

    private ChainBuilder think() {
        if (this.thinkTime.isZero()) {
            return exec(session -> session);
        }
        // Uniform around the mean, from half of it to one and a half times it.
        return pause(this.thinkTime.dividedBy(2), this.thinkTime.plus(this.thinkTime.dividedBy(2)));
    }

    private static HttpRequestActionBuilder page(String name, String path) {
        return http(name).get(path).header("Accept", "text/html").check(status().is(200));
    }

    private static HttpRequestActionBuilder api(String name, String path) {
        return http(name).get(path).header("Accept", "application/json").check(status().is(200));
    }

    private static HttpRequestActionBuilder authorized(HttpRequestActionBuilder request) {
        return request.header("Authorization", session -> customer(session).authorization());
    }

    private static Customer customer(Session session) {
        return session.get(CUSTOMER);
    }

    private static boolean settled(Session session) {
        String status = session.contains("status") ? session.getString("status") : null;
        return "CONFIRMED".equals(status) || "CANCELLED".equals(status);
    }

    private static int waits(Session session) {
        return session.contains("waits") ? session.getInt("waits") : 0;
    }

    private static int polls(Session session) {
        return session.contains("polls") ? session.getInt("polls") : 0;
    }

    private static String orderBody(Session session) {
        Customer customer = customer(session);
        return "{\"shippingAddress\":{\"name\":\"" + customer.name() + "\",\"line1\":\"" + customer.index()
                + " Load Street\",\"city\":\"Benchford\",\"postalCode\":\"BF1 " + (customer.index() % 10)
                + "LG\",\"country\":\"GB\"},\"paymentToken\":\"tok_visa\"}";
    }

    private static Map<String, Integer> mix() {
        Map<String, Integer> mix = new LinkedHashMap<>();
        mix.put(BROWSE, 70);
        mix.put(SEARCH, 10);
        mix.put(CART, 15);
        mix.put(CHECKOUT, 5);
        return mix;
    }

    private static Map<String, Integer> channels() {
        Map<String, Integer> channels = new LinkedHashMap<>();
        channels.put(WEB, 1);
        channels.put("api", 1);
        return channels;
    }
}
