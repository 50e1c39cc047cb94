package dev.emporium.systemtests;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer shops through the storefront in headless Chromium (Debian's chromium and chromium-driver): browse,
 * page, search, register, fill the cart, check out, see the order, log out; and keeps addresses in their account
 * to check out with. Each page's screenshot is kept under {@code system-tests/target/screenshots} as a build artifact.
 */
@ExtendWith(RunningPlatform.Extension.class)
class StorefrontBrowserTests {

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

    @Test
    void aCustomerKeepsAddressesInTheirAccountAndChecksOutWithTheDefault() {
        open("/register");
        one("#register-name").sendKeys("Account Keeper");
        one("#register-email").sendKeys("account-" + UUID.randomUUID() + "@example.test");
        one("#register-password").sendKeys("correct horse battery");
        click(one("#register-submit"));
        wait.until(ExpectedConditions.textToBe(By.id("account-name"), "Account Keeper"));

        // The account page: a new name and the newsletter; the header greets by the new name at once.
        click(one("#account-link"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("profile-name")));
        assertThat(one("#profile-email").getText()).startsWith("account-").endsWith("@example.test");
        assertThat(all(".saved-address")).isEmpty();
        WebElement name = one("#profile-name");
        name.clear();
        name.sendKeys("Ada Keeper");
        click(one("#marketing-opt-in"));
        click(one("#profile-save"));
        wait.until(ExpectedConditions.urlContains("done=profile"));
        assertThat(one(".alert").getText()).contains("saved");
        assertThat(one("#profile-name").getAttribute("value")).isEqualTo("Ada Keeper");
        assertThat(one("#marketing-opt-in").isSelected()).isTrue();
        assertThat(one("#account-name").getText()).isEqualTo("Ada Keeper");

        // An address without its postal code is refused next to the field; completed, it is saved as the default.
        fillAddress("Ada Keeper", "1 First Street", "Springfield", "", "US");
        click(one("#address-save"));
        WebElement postalError = one("#address-postal-error");
        assertThat(postalError.getText()).isNotBlank();
        assertThat(one("#address-line1").getAttribute("value")).isEqualTo("1 First Street");
        one("#address-postal").sendKeys("12345");
        click(one("#address-save"));
        wait.until(ExpectedConditions.urlContains("done=added"));
        assertThat(all(".saved-address")).hasSize(1);
        assertThat(one(".saved-address.is-default").getText()).contains("1 First Street");

        // A second address, then made the default.
        fillAddress("Ada Keeper", "2 Second Avenue", "Shelbyville", "SH1 2AB", "GB");
        click(one("#address-save"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".saved-address"), 2));
        assertThat(one(".saved-address.is-default").getText()).contains("1 First Street");
        WebElement second = all(".saved-address").stream()
            .filter(address -> address.getText().contains("2 Second Avenue"))
            .findFirst().orElseThrow();
        click(second.findElement(By.cssSelector("button.make-default")));
        wait.until(ExpectedConditions.urlContains("done=default"));
        assertThat(one(".saved-address.is-default").getText()).contains("2 Second Avenue", "United Kingdom");
        assertThat(all(".saved-address.is-default")).hasSize(1);
        screenshot("13-account");

        // Checkout offers both, the default chosen: the typed-in address fields stay hidden.
        addToCartFromSearch("lamp", 1, null, null);
        open("/checkout");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("place-order")));
        assertThat(all(".address-choice input[name=addressId]")).hasSize(3);
        WebElement chosen = one(".address-choice input[name=addressId]:checked");
        assertThat(chosen.findElement(By.xpath("./ancestor::label")).getText()).contains("2 Second Avenue")
            .containsIgnoringCase("default");
        assertThat(one("#ship-name").isDisplayed()).isFalse();
        new Select(one("#payment-token")).selectByValue("tok_visa");
        screenshot("14-checkout-saved-address");
        click(one("#place-order"));

        // The order goes to the default address, and is confirmed.
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("order-status")));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver ->
                driver.findElement(By.id("order-status")).getText().toLowerCase(java.util.Locale.ROOT).contains("confirmed"));
        assertThat(one("address").getText()).contains("Ada Keeper", "2 Second Avenue", "SH1 2AB Shelbyville",
                "United Kingdom");
        screenshot("15-order-to-saved-address");

        click(one("#logout"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("account-name")));
    }

    private static void fillAddress(String name, String line1, String city, String postalCode, String country) {
        for (String[] field : new String[][] { { "#address-name", name }, { "#address-line1", line1 },
                { "#address-city", city }, { "#address-postal", postalCode } }) {
            WebElement input = one(field[0]);
            input.clear();
            if (!field[1].isEmpty()) {
                input.sendKeys(field[1]);
            }
        }
        new Select(one("#address-country")).selectByValue(country);
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

    private static void click(WebElement element) {
        chromium.click(element);
    }

    private static void open(String path) {
        chromium.open(path);
    }

    private static WebElement one(String css) {
        return chromium.one(css);
    }

    private static java.util.List<WebElement> all(String css) {
        return chromium.all(css);
    }

    private static void screenshot(String name) {
        chromium.screenshot(name, false);
    }
}
