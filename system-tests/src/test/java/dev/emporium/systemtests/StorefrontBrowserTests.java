package dev.emporium.systemtests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer shops through the storefront in headless Chromium (Debian's chromium and chromium-driver): browse,
 * page, search, register, fill the cart, check out, see the order, log out. Each page's screenshot is kept under
 * {@code system-tests/target/screenshots} as a build artifact.
 */
@ExtendWith(RunningPlatform.Extension.class)
class StorefrontBrowserTests {

    static WebDriver browser;

    static WebDriverWait wait;

    static String base;

    static Path screenshots;

    static Path profile;

    @BeforeAll
    static void openBrowser(RunningPlatform platform) throws IOException {
        base = platform.gatewayUrl();
        screenshots = Files.createDirectories(Path.of(System.getProperty("emporium.screenshots", "target/screenshots")));
        profile = Files.createTempDirectory("emporium-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("/usr/bin/chromium"));
        // As the machine's browser probe does: headless, no sandbox as root, and no background calls to the
        // network, which is closed here.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(executable("/usr/bin/chromedriver")))
            .usingAnyFreePort()
            .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aCustomerShopsThroughTheStorefront() {
        // Home: categories and popular products.
        open("/");
        assertThat(browser.getTitle()).contains("Emporium");
        assertThat(all(".category-card a")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(all(".product-card a")).isNotEmpty();
        screenshot("01-home");

        // A category, then its next page.
        click(all(".category-card a").get(0));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".product-card a")));
        screenshot("02-category");
        String firstOnPageOne = all(".product-card a").get(0).getAttribute("href");
        click(one(".pagination a.next"));
        wait.until(ExpectedConditions.urlContains("page=1"));
        assertThat(all(".product-card a").get(0).getAttribute("href")).isNotEqualTo(firstOnPageOne);
        screenshot("03-category-page-2");

        // Register (logged out, adding to the cart asks for an account first).
        open("/register");
        one("#register-name").sendKeys("Browser Shopper");
        one("#register-email").sendKeys("browser-" + UUID.randomUUID() + "@example.test");
        one("#register-password").sendKeys("correct horse battery");
        screenshot("04-register");
        click(one("#register-submit"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("account-name")));
        assertThat(one("#account-name").getText()).contains("Browser Shopper");

        // Search, open a product, add two of it.
        addToCartFromSearch("lamp", 2, "05-search", "06-product");
        addToCartFromSearch("chair", 1, null, null);
        wait.until(ExpectedConditions.textToBe(By.id("cart-count"), "3"));

        // The cart, then checkout.
        click(one("#cart-link"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".cart-line")));
        assertThat(all(".cart-line")).hasSize(2);
        screenshot("07-cart");
        click(one("#checkout-button"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("place-order")));
        one("#ship-name").sendKeys("Browser Shopper");
        one("#ship-line1").sendKeys("1 Chromium Way");
        one("#ship-city").sendKeys("Headless");
        one("#ship-postal").sendKeys("HL1 1AA");
        WebElement country = one("#ship-country");
        if ("select".equals(country.getTagName())) {
            new Select(country).selectByValue("GB");
        }
        else {
            country.clear();
            country.sendKeys("GB");
        }
        new Select(one("#payment-token")).selectByValue("tok_visa");
        screenshot("08-checkout");
        click(one("#place-order"));

        // The order page, then the order history.
        // PENDING first; the page refreshes itself until the saga has confirmed the order.
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("order-status")));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver ->
                driver.findElement(By.id("order-status")).getText().toLowerCase(java.util.Locale.ROOT).contains("confirmed"));
        String orderId = one("#order-id").getText();
        assertThat(orderId).isNotBlank();
        screenshot("09-order");
        open("/orders");
        assertThat(all(".order-row a")).hasSize(1);
        assertThat(all(".order-row a").get(0).getAttribute("href")).contains(orderId.replace("#", "").strip());
        screenshot("10-orders");

        // Log out: the account menu is gone, the order history asks for a login.
        click(one("#logout"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("account-name")));
        open("/orders");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-email")));
        screenshot("11-login-after-logout");
    }

    @Test
    void unknownProductsGetAFriendlyNotFoundPage() {
        open("/p/no-such-product");
        assertThat(browser.getPageSource()).doesNotContain("Whitelabel").doesNotContain("Exception");
        assertThat(browser.getTitle()).containsIgnoringCase("not found");
        screenshot("12-not-found");
    }

    private static void addToCartFromSearch(String query, int quantity, String searchShot, String productShot) {
        WebElement search = one("#search-input");
        search.clear();
        search.sendKeys(query, Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("/search"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".product-card a")));
        if (searchShot != null) {
            screenshot(searchShot);
        }
        click(all(".product-card a").get(0));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("add-to-cart")));
        WebElement amount = one("#quantity");
        amount.clear();
        amount.sendKeys(String.valueOf(quantity));
        if (productShot != null) {
            screenshot(productShot);
        }
        click(one("#add-to-cart"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert")));
    }

    /** Clicks as a user would, after scrolling the element to the middle of the window (the header is sticky). */
    private static void click(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private static void open(String path) {
        browser.get(base + path);
    }

    private static WebElement one(String css) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    private static java.util.List<WebElement> all(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    private static void screenshot(String name) {
        try {
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(screenshots.resolve(name + ".png"), png);
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** The browser tests need Debian's chromium and chromium-driver; a missing one is a failure, not a skip. */
    private static String executable(String path) {
        assertThat(new File(path).canExecute()).as(path + " (apt-get install chromium chromium-driver)").isTrue();
        return path;
    }
}
