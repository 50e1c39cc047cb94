package dev.emporium.systemtests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium (Debian's chromium and chromium-driver) on the platform under test, for the browser tests: pages
 * by path, elements by CSS selector (waiting for them), clicks as a user makes them, and screenshots kept under
 * {@code system-tests/target/screenshots} as build artifacts.
 */
final class Browser implements AutoCloseable {

    final WebDriver driver;

    final WebDriverWait wait;

    private final String base;

    private final Path screenshots;

    private final Path profile;

    private Browser(WebDriver driver, String base, Path screenshots, Path profile) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        this.base = base;
        this.screenshots = screenshots;
        this.profile = profile;
    }

    /** A browser whose paths are relative to {@code base} (the gateway). */
    static Browser start(String base) throws IOException {
        Path screenshots = Files.createDirectories(Path.of(System.getProperty("emporium.screenshots", "target/screenshots")));
        Path profile = Files.createTempDirectory("emporium-chromium");
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
        return new Browser(new ChromeDriver(service, options), base, screenshots, profile);
    }

    void open(String path) {
        this.driver.get(this.base + path);
    }

    /** The element, once the page has it. */
    WebElement one(String css) {
        return this.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return this.driver.findElements(By.cssSelector(css));
    }

    /** Clicks as a user would, after scrolling the element to the middle of the window (the header is sticky). */
    void click(WebElement element) {
        ((JavascriptExecutor) this.driver).executeScript(
                "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
        this.wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    /** The window, or with {@code wholePage} the whole page: the window is made as tall as the page for the shot. */
    void screenshot(String name, boolean wholePage) {
        Dimension window = this.driver.manage().window().getSize();
        try {
            if (wholePage) {
                ((JavascriptExecutor) this.driver).executeScript("window.scrollTo(0, 0)");
                long height = (Long) ((JavascriptExecutor) this.driver).executeScript(
                        "return Math.ceil(document.documentElement.scrollHeight)");
                this.driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 140, 6000)));
            }
            byte[] png = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES);
            Files.write(this.screenshots.resolve(name + ".png"), png);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        finally {
            if (wholePage) {
                this.driver.manage().window().setSize(window);
            }
        }
    }

    /** Quits Chromium and deletes its profile. */
    @Override
    public void close() {
        this.driver.quit();
        FileSystemUtils.deleteRecursively(this.profile.toFile());
    }

    /** The browser tests need Debian's chromium and chromium-driver; a missing one is a failure, not a skip. */
    private static String executable(String path) {
        assertThat(new File(path).canExecute()).as(path + " (apt-get install chromium chromium-driver)").isTrue();
        return path;
    }
}
