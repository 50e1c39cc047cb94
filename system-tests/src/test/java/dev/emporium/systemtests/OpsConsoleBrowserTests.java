package dev.emporium.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations console in headless Chromium, against the whole embedded platform: the admin logs in through the
 * login form, watches every instance come up healthy and the live charts fill in while the shop gets some traffic,
 * and sees the shard map; a customer who logs in is refused. Screenshots 20-22 under
 * {@code system-tests/target/screenshots}.
 */
@ExtendWith(RunningPlatform.Extension.class)
class OpsConsoleBrowserTests {

    static final List<String> SERVICES = List.of("gateway", "storefront", "cart", "catalog", "identity", "inventory",
            "media", "notifications", "orders", "payment-provider", "payments");

    static Browser chromium;

    static WebDriver browser;

    static WebDriverWait wait;

    static String base;

    @BeforeAll
    static void openBrowser(RunningPlatform platform) throws IOException {
        base = platform.gatewayUrl();
        chromium = Browser.start(base);
        browser = chromium.driver;
        wait = chromium.wait;
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anAdminWatchesThePlatformAndACustomerIsRefused() {
        // Logged out, the console asks for a login and comes back to it.
        open("/ops");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-email")));
        assertThat(browser.getCurrentUrl()).contains("next=%2Fops");
        logIn("admin@emporium.dev", "emporium-admin");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ops-charts")));
        assertThat(browser.getCurrentUrl()).endsWith("/ops");
        assertThat(browser.getTitle()).contains("Operations");

        // The topology: all eleven services, each UP in words, with a response time.
        // (The script swaps these parts for fresh ones at every sample: they are read in one go, by script.)
        assertThat(read(".ops-service", "e.dataset.service")).containsExactlyElementsOf(SERVICES);
        wait.until(driver -> read(".ops-service", "e.dataset.state").stream().allMatch("UP"::equals));
        assertThat(read(".ops-instance .status-badge", "e.textContent.trim()")).hasSize(11).allMatch("UP"::equals);
        assertThat(read(".ops-instance .ops-millis", "e.textContent.trim()")).hasSize(11).allMatch(time -> time.matches("\\d+ ms"));
        assertThat(read("#ops-instances-up", "e.textContent.trim()")).containsExactly("11");

        // The shard map: embedded mode's two shards over the 4096 buckets, with what each service keeps there.
        assertThat(all(".shard-row")).extracting(row -> row.getAttribute("data-shard")).containsExactly("s0", "s1");
        assertThat(all(".shard-segment")).hasSize(2);
        assertThat(one("#ops-shards").getText()).contains("4096 buckets", "2 shards", "users");

        // What embedded mode reports besides: caches, queues, outboxes, and the breakers every call between services
        // has (the gateway's per service among them; no Redis, so no Redis breaker).
        assertThat(read("#ops-caches .ops-cache", "e.dataset.cache")).contains("catalog.products", "identity.profiles");
        assertThat(read("#ops-queues .ops-queue", "e.dataset.queue")).contains("orders.saga", "payments.commands");
        assertThat(read("#ops-outboxes .ops-outbox", "e.dataset.store")).contains("orders-s0", "payments-s1");
        assertThat(read("#ops-breakers .ops-breaker", "e.dataset.breaker")).isNotEmpty().doesNotContain("redis");

        // The charts fill in as samples arrive (a rate takes two).
        new WebDriverWait(browser, Duration.ofSeconds(40)).until(driver -> samples() >= 3);
        assertThat(read("#ops-charts tr[data-service=gateway] td[data-metric=rate] svg path.line", "e.getAttribute('d')")).hasSize(1);
        assertThat(one("#ops-charts tr[data-service=gateway] td[data-metric=rate] .ops-chart-value").getText())
            .endsWith("req/s");
        screenshot("20-ops-console", true);

        // Shoppers arrive: while they browse, the catalog's rate, errors and latency show them within a sample or two.
        int before = samples();
        try (Shoppers shoppers = Shoppers.start(base)) {
            new WebDriverWait(browser, Duration.ofSeconds(40)).until(driver -> samples() >= before + 2
                    && !rate("catalog").startsWith("0.00") && !rate("storefront").startsWith("0.00"));
            assertThat(shoppers.requests()).isPositive();
            // The panels follow the samples too: the shoppers' listings and searches are cache lookups.
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> cacheLookups() > 10);
            assertThat(one("#ops-charts tr[data-service=catalog] td[data-metric=latency] .ops-chart-value").getText())
                .matches("(p95|mean) [\\d,.]+ ms");
            assertThat(one("#ops-charts tr[data-service=catalog] td[data-metric=errors] .ops-chart-value").getText())
                .endsWith("% 5xx");
            screenshot("21-ops-console-traffic", true);
        }

        // A customer is refused, in words, with the shop's layout.
        click(one("#logout"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("account-name")));
        open("/login?next=/ops");
        logIn("demo@emporium.dev", "emporium-demo");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".error-page")));
        assertThat(one(".error-code").getText()).isEqualTo("403");
        assertThat(one("h1").getText()).isEqualTo("Access denied");
        assertThat(one(".error-page .lead").getText()).contains("for administrators");
        assertThat(all("#ops-charts, .ops-service")).isEmpty();
        screenshot("22-ops-refused", false);
        click(one("#logout"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("account-name")));
    }

    private static void logIn(String email, String password) {
        one("#login-email").sendKeys(email);
        one("#login-password").sendKeys(password);
        click(one("#login-submit"));
    }

    /**
     * Browses the shop over plain HTTP through the gateway on a thread of its own until closed: pages, listings,
     * searches and a product that does not exist.
     */
    private static final class Shoppers implements AutoCloseable {

        private static final List<String> PATHS = List.of("/", "/search?q=lamp", "/api/catalog/products?page=0&size=24",
                "/api/catalog/categories", "/api/catalog/products?q=chair", "/p/no-such-product");

        private final HttpClient http = HttpClient.newHttpClient();

        private final AtomicBoolean shopping = new AtomicBoolean(true);

        private final AtomicInteger requests = new AtomicInteger();

        private final Thread thread;

        private Shoppers(String base) {
            this.thread = Thread.ofVirtual().name("shoppers").start(() -> {
                while (this.shopping.get()) {
                    URI page = URI.create(base + PATHS.get(this.requests.get() % PATHS.size()));
                    try {
                        this.http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.discarding());
                    }
                    catch (IOException ex) {
                        // counted all the same: the console shows what the platform made of it
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                    this.requests.incrementAndGet();
                }
            });
        }

        static Shoppers start(String base) {
            return new Shoppers(base);
        }

        int requests() {
            return this.requests.get();
        }

        @Override
        public void close() {
            this.shopping.set(false);
            try {
                this.thread.join(Duration.ofSeconds(10));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            this.http.close();
        }
    }

    private static int samples() {
        String samples = one("#ops-charts").getAttribute("data-samples");
        return samples == null ? 0 : Integer.parseInt(samples);
    }

    private static long cacheLookups() {
        return read("#ops-caches .ops-cache td:last-child", "e.textContent.trim()").stream()
            .mapToLong(lookups -> Long.parseLong(lookups.replace(",", "")))
            .sum();
    }

    /** One property of every element that matches, read by script in one go (parts of the page are swapped live). */
    @SuppressWarnings("unchecked")
    private static List<String> read(String css, String property) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => String(" + property + "))", css);
    }

    private static String rate(String service) {
        return one("#ops-charts tr[data-service=" + service + "] td[data-metric=rate] .ops-chart-value").getText();
    }

    private static void click(WebElement element) {
        chromium.click(element);
    }

    private static void open(String path) {
        chromium.open(path);
    }

    private static WebElement one(String css) {
        return chromium.one(css);
    }

    private static List<WebElement> all(String css) {
        return chromium.all(css);
    }

    private static void screenshot(String name, boolean wholePage) {
        chromium.screenshot(name, wholePage);
    }
}
