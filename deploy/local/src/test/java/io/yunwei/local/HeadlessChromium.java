package io.yunwei.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium at 1280×800 (or a phone's 390×844), driven through the distribution's chromedriver (Debian packages {@code chromium}
 * and {@code chromium-driver}, which {@code .ci/run} installs). Where either is missing the test is skipped and says
 * why; nothing is downloaded.
 */
final class HeadlessChromium {

    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");

    private HeadlessChromium() {
    }

    /** A new browser with no cookies, speaking the given language; skips the test where Chromium is not installed. */
    static ChromeDriver start(String language) {
        return start(language, 1280, 800);
    }

    /** The same, the size of a tablet's screen held upright (768×1024), as an agent or a dispatcher on the floor has it. */
    static ChromeDriver tablet(String language) {
        return start(language, 768, 1024);
    }

    /** The same, the size of a phone's screen (390×844), as an engineer on site or a customer on the move has it. */
    static ChromeDriver phone(String language) {
        return start(language, 390, 844);
    }

    private static ChromeDriver start(String language, int width, int height) {
        Optional<Path> browser = BROWSERS.stream().map(HeadlessChromium::onPath).flatMap(Optional::stream).findFirst();
        Optional<Path> driver = onPath("chromedriver");
        Assumptions.assumeTrue(browser.isPresent() && driver.isPresent(),
                "headless Chromium and chromedriver are needed on the PATH for the console's browser tests "
                        + "(apt-get install chromium chromium-driver); found browser " + browser + ", driver " + driver);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--lang=" + language,
                // the stylesheet scrolls smoothly otherwise, and a click would land where an element was mid-scroll
                "--force-prefers-reduced-motion");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver.get().toString())).usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().window().setSize(new Dimension(width, height));
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return chrome;
    }

    /**
     * Clicks an element as a user would once it is in the middle of the screen, where nothing fixed to an edge covers it.
     * Should the page still move under the pointer (a panel growing as htmx swaps it), the element is clicked where it is.
     */
    static void click(ChromeDriver browser, WebElement element) {
        JavascriptExecutor script = browser;
        script.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        try {
            element.click();
        } catch (ElementClickInterceptedException layoutMoved) {
            script.executeScript("arguments[0].click();", element);
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isBlank() ? "." : entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
