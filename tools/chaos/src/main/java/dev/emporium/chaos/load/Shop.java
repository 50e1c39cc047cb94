package dev.emporium.chaos.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the simulated shoppers do, against one base URL (the edge): the four route classes of the mix as HTTP
 * requests, over the platform's own catalog (read before the run) and a pool of the run's own customers (registered
 * and logged in once before it: logins are what the gateway limits most strictly, and each costs a bcrypt check).
 * An operation borrows a customer for its length, so two operations never race over one cart.
 */
public final class Shop implements AutoCloseable {

    /** The settings of a shop: the HTTP client's timeouts, and how many customers to register. */
    public record Settings(Duration connectTimeout, Duration requestTimeout, int customers, Duration checkoutDeadline) {

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), 32, Duration.ofSeconds(10));
        }
    }

    static final String PASSWORD = "chaos-driver-secret";

    /** Anonymous shoppers' addresses start after the customers' and cycle through this many. */
    private static final int ANONYMOUS_FIRST = 10_000;

    private static final int ANONYMOUS_CLIENTS = 5_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CHECKOUT_BODY = """
            {"shippingAddress":{"name":"Chaos Monkey","line1":"1 Failure Lane","city":"London","postalCode":"NW1 6XE",\
            "country":"GB"},"paymentToken":"tok_visa"}""";

    private final Http http;

    private final Settings settings;

    private final List<String> categories;

    private final List<String> products;

    private final List<String> terms;

    private final BlockingQueue<Customer> free;

    private final List<Customer> customers;

    private Shop(Http http, Settings settings, List<String> categories, List<String> products, List<String> terms,
            List<Customer> customers) {
        this.http = http;
        this.settings = settings;
        this.categories = categories;
        this.products = products;
        this.terms = terms;
        this.customers = List.copyOf(customers);
        this.free = new LinkedBlockingQueue<>(customers);
    }

    /**
     * Reads the catalog and registers and logs in the run's customers at {@code baseUrl}, telling {@code log} how it
     * goes; throws if the platform cannot be set up against (no products, registrations refused).
     */
    public static Shop open(String baseUrl, Settings settings, PrintStream log) {
        Http http = new Http(baseUrl, settings.connectTimeout(), settings.requestTimeout());
        try {
            String reader = ClientAddresses.at(ANONYMOUS_FIRST - 1);
            List<String> categories = new ArrayList<>();
            for (JsonNode category : json(setupCall(http, "GET", "/api/catalog/categories", null, reader, null))) {
                categories.add(category.path("slug").asString());
            }
            List<String> products = new ArrayList<>();
            Map<String, Integer> words = new HashMap<>();
            for (JsonNode product : json(setupCall(http, "GET", "/api/catalog/products?page=0&size=100", null, reader, null)).path("items")) {
                products.add(product.path("id").asString());
                for (String word : product.path("name").asString().toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
                    if (word.length() >= 4) {
                        words.merge(word, 1, Integer::sum);
                    }
                }
            }
            if (categories.isEmpty() || products.isEmpty() || words.isEmpty()) {
                throw new IllegalStateException("the catalog at " + baseUrl + " is empty: " + categories.size()
                        + " categories, " + products.size() + " products");
            }
            List<String> terms = new ArrayList<>(words.keySet());
            terms.sort(Comparator.comparing((String word) -> -words.get(word)).thenComparing(word -> word));
            List<Customer> customers = register(http, settings.customers(), log);
            log.printf("shop: %d categories, %d products, %d search words, %d customers logged in%n", categories.size(),
                    products.size(), terms.size(), customers.size());
            return new Shop(http, settings, categories, products, terms.subList(0, Math.min(terms.size(), 50)), customers);
        }
        catch (RuntimeException ex) {
            http.close();
            throw ex;
        }
    }

    /** Registers and logs in {@code count} customers with addresses unique to this run, four at a time. */
    private static List<Customer> register(Http http, int count, PrintStream log) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Customer> customers = new ArrayList<>();
        try (ExecutorService parallel = Executors.newFixedThreadPool(4, Thread.ofVirtual().factory())) {
            List<Future<Customer>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                pending.add(parallel.submit(() -> {
                    String email = "chaos-" + run + "-" + index + "@example.test";
                    String client = ClientAddresses.at(index);
                    Answer registered = setupCall(http, "POST", "/api/auth/register", JSON.writeValueAsString(
                            Map.of("email", email, "password", PASSWORD, "name", "Chaos Shopper " + index)), client, null,
                            true);
                    if (!registered.ok() && registered.status() != 409) {
                        throw new IllegalStateException("POST /api/auth/register answered " + registered.status() + ": "
                                + abbreviate(registered.body()));
                    }
                    JsonNode login = json(setupCall(http, "POST", "/api/auth/login",
                            JSON.writeValueAsString(Map.of("email", email, "password", PASSWORD)), client, null));
                    return new Customer(email, login.path("accessToken").asString(), client);
                }));
            }
            for (Future<Customer> customer : pending) {
                customers.add(customer.get());
            }
        }
        catch (Exception ex) {
            throw new IllegalStateException("could not register the run's customers: " + ex.getMessage(), ex);
        }
        log.printf("shop: registered %d customers%n", customers.size());
        return customers;
    }

    /** A setup call, tried a few times: the platform may still be warming up. */
    private static Answer setupCall(Http http, String method, String path, @Nullable String body, String client,
            @Nullable String token) {
        return setupCall(http, method, path, body, client, token, false);
    }

    /**
     * A setup call; with {@code conflictAfterRetry}, a 409 to a repeated attempt is returned to the caller: the
     * attempt before it may have timed out here after the platform had done it (a registration whose email is
     * unique to this run then exists).
     */
    private static Answer setupCall(Http http, String method, String path, @Nullable String body, String client,
            @Nullable String token, boolean conflictAfterRetry) {
        Answer answer = null;
        for (int attempt = 1; attempt <= 8; attempt++) {
            answer = http.send(method, path, body, client, token, Map.of());
            if (conflictAfterRetry && attempt > 1 && answer.status() == 409) {
                return answer;
            }
            if (answer.ok() || answer.outcome() == Outcome.CLIENT_4XX) {
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(250L * attempt).toNanos());
        }
        if (!answer.ok()) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.status() + " ("
                    + answer.outcome().label() + "): " + abbreviate(answer.body()));
        }
        return answer;
    }

    private static JsonNode json(Answer answer) {
        return JSON.readTree(answer.body());
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    public Http http() {
        return this.http;
    }

    public List<Customer> customers() {
        return this.customers;
    }

    /**
     * Runs one operation of {@code routeClass} and returns how it ended; {@code accepted} hears of every order a
     * checkout placed.
     */
    public Attempt perform(RouteClass routeClass, Consumer<AcceptedOrder> accepted) {
        return switch (routeClass) {
            case BROWSE -> browse();
            case SEARCH -> search();
            case CART -> withCustomer(this::cart);
            case CHECKOUT -> withCustomer(customer -> checkout(customer, accepted));
        };
    }

    private Attempt withCustomer(java.util.function.Function<Customer, Attempt> operation) {
        Customer customer;
        try {
            // Bounded, so that a run whose operations all hang still ends; the wait counts in the latency.
            customer = this.free.poll(this.settings.checkoutDeadline().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            customer = null;
        }
        if (customer == null) {
            return new Attempt("(no customer free: every one busy in an operation)", Answer.failed(Outcome.TIMEOUT, System.nanoTime()),
                    false);
        }
        try {
            return operation.apply(customer);
        }
        finally {
            this.free.add(customer);
        }
    }

    private static String anonymous() {
        return ClientAddresses.at(ANONYMOUS_FIRST + ThreadLocalRandom.current().nextInt(ANONYMOUS_CLIENTS));
    }

    /** A product, skewed as shoppers' views are: a fifth of the products take four fifths of the picks. */
    private String product() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int popular = Math.max(1, this.products.size() / 5);
        return random.nextInt(5) < 4 ? this.products.get(random.nextInt(popular))
                : this.products.get(random.nextInt(this.products.size()));
    }

    private String category() {
        return this.categories.get(ThreadLocalRandom.current().nextInt(this.categories.size()));
    }

    private Attempt browse() {
        String path = switch (ThreadLocalRandom.current().nextInt(10)) {
            case 0, 1 -> "/";
            case 2, 3 -> "/p/" + product();
            case 4 -> "/c/" + category();
            case 5, 6 -> "/api/catalog/products?category=" + category() + "&page=0&size=24";
            default -> "/api/catalog/products/" + product();
        };
        return new Attempt("GET " + path, this.http.get(path, anonymous(), null), false);
    }

    private Attempt search() {
        String term = this.terms.get(ThreadLocalRandom.current().nextInt(this.terms.size()));
        String path = ThreadLocalRandom.current().nextInt(10) < 3 ? "/search?q=" + term
                : "/api/catalog/products?q=" + term + "&page=0&size=24";
        return new Attempt("GET " + path, this.http.get(path, anonymous(), null), false);
    }

    /**
     * How an operation ended: its last request and that request's answer.
     *
     * @param followUp whether that request came after another of the same operation (a cart's GET after its PUT, a
     * checkout's order, a repeated request): a refusal of it is timed from when it was sent, not from the operation's
     * start, since the refused request is that one
     */
    public record Attempt(String request, Answer answer, boolean followUp) {
    }

    private Answer putInCart(Customer customer) {
        int quantity = 1 + ThreadLocalRandom.current().nextInt(2);
        return this.http.send("PUT", "/api/cart/items/" + product(), "{\"quantity\":" + quantity + "}", customer.client(),
                customer.token(), Map.of());
    }

    private Attempt cart(Customer customer) {
        Answer put = putInCart(customer);
        if (!put.ok()) {
            return new Attempt("PUT /api/cart/items/…", put, false);
        }
        return new Attempt("GET /api/cart", this.http.get("/api/cart", customer.client(), customer.token()), true);
    }

    /**
     * Fills the cart and places the order as a careful client would: the cart filled once (retrying the idempotent
     * PUT), then the order posted with one Idempotency-Key, again after a failure (honouring Retry-After) until it is
     * accepted, refused for good (4xx other than 409 and 429) or the deadline has passed. The outcome is the last
     * attempt's.
     */
    private Attempt checkout(Customer customer, Consumer<AcceptedOrder> accepted) {
        long deadline = System.nanoTime() + this.settings.checkoutDeadline().toNanos();
        Answer filled = retry(() -> putInCart(customer), deadline);
        if (!filled.ok()) {
            // A refused PUT is repeated until the deadline, so the last answer is a repeat's.
            return new Attempt("PUT /api/cart/items/… (checkout)", filled, true);
        }
        String key = UUID.randomUUID().toString();
        Answer placed = retry(() -> this.http.send("POST", "/api/orders", CHECKOUT_BODY, customer.client(),
                customer.token(), Map.of("Idempotency-Key", key)), deadline);
        if (placed.ok()) {
            String id = JSON.readTree(placed.body()).path("id").asString("");
            if (!id.isEmpty()) {
                accepted.accept(new AcceptedOrder(id, customer, System.nanoTime()));
            }
        }
        return new Attempt("POST /api/orders", placed, true);
    }

    private static Answer retry(java.util.function.Supplier<Answer> call, long deadline) {
        long backoffMillis = 100;
        while (true) {
            Answer answer = call.get();
            boolean final4xx = answer.outcome() == Outcome.CLIENT_4XX && answer.status() != 409;
            if (answer.ok() || final4xx) {
                return answer;
            }
            long waitMillis = answer.retryAfterSeconds() != null ? Math.min(2_000, answer.retryAfterSeconds() * 1_000L)
                    : backoffMillis + ThreadLocalRandom.current().nextLong(backoffMillis);
            if (System.nanoTime() + waitMillis * 1_000_000 >= deadline) {
                return answer;
            }
            LockSupport.parkNanos(waitMillis * 1_000_000);
            backoffMillis = Math.min(1_000, backoffMillis * 2);
        }
    }

    /** Reads an order back as its customer: its status, or null if it could not be read. */
    public @Nullable String orderStatus(AcceptedOrder order) {
        Answer answer = this.http.get("/api/orders/" + order.id(), order.customer().client(), order.customer().token());
        return answer.ok() ? JSON.readTree(answer.body()).path("status").asString(null) : null;
    }

    @Override
    public void close() {
        this.http.close();
    }
}
