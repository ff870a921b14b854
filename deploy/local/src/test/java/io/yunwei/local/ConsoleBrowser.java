package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.jayway.jsonpath.JsonPath;

/**
 * What the console's browser tests do alike: start a browser against the running system (and quit it after the test),
 * sign in at the issuer's form, type into fields, check accessibility, keep screenshots.
 */
final class ConsoleBrowser {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static String axeSource;

    private ConsoleBrowser() {
    }

    /** The gateway of the running system, started once for all the tests of this run. */
    static String gateway() {
        return RunningSystem.stack().gatewayUrl();
    }

    /**
     * The browsers a test starts, each quit once the test is over whatever its outcome; registered by a test class with
     * {@code @RegisterExtension}.
     */
    static final class Browsers implements AfterEachCallback {

        private final List<ChromeDriver> started = new ArrayList<>();

        /** A desk's 1280×800 screen. */
        ChromeDriver desktop(String language) {
            return started(HeadlessChromium.start(language));
        }

        /** A phone's 390×844 screen. */
        ChromeDriver phone(String language) {
            return started(HeadlessChromium.phone(language));
        }

        private ChromeDriver started(ChromeDriver browser) {
            started.add(browser);
            return browser;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            started.forEach(ChromeDriver::quit);
            started.clear();
        }
    }

    /** Signs in as a demo user (password: the name + {@code -secret}) and waits for their home page. */
    static void signIn(ChromeDriver browser, String gateway, String user, String home) {
        browser.get(gateway + "/");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(gateway + "/login"));
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(user + "-secret");
        HeadlessChromium.click(browser, browser.findElement(By.cssSelector("button[type=submit]")));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains(home));
    }

    /** Empties a field and types into it key by key, as a person does (each key an {@code input} event). */
    static void type(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }

    /** Sets a field's value as a picker would (a date and time cannot be typed alike in every language); no event. */
    static void setValue(ChromeDriver browser, WebElement field, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", field, value);
    }

    /** Clicks a button that sends its form (or a link), once it is in the middle of the screen, and waits for the next page. */
    static void clickToNextPage(ChromeDriver browser, WebElement button) {
        WebElement html = browser.findElement(By.tagName("html"));
        HeadlessChromium.click(browser, button);
        new WebDriverWait(browser, WAIT).until(gone(html));
    }

    /**
     * Waits for an element to leave the page, as {@link ExpectedConditions#stalenessOf} does, and also takes Chromium's
     * other answer for an element of a document that has just been replaced ("Node with given id does not belong to
     * the document", an unknown error) as gone: it comes when the element is asked about mid-navigation.
     */
    static ExpectedCondition<Boolean> gone(WebElement element) {
        return driver -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return true;
            } catch (WebDriverException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        };
    }

    /** axe-core's rules over the page as it is now; a serious or critical violation fails the test with its details. */
    static void assertNoSeriousAccessibilityViolations(ChromeDriver browser, String page) throws IOException {
        JavascriptExecutor js = browser;
        js.executeScript(axeSource());
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document).then(r => done(JSON.stringify(r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))))
                  .catch(e => done('axe failed: ' + e));""");
        assertThat(result).asString().startsWith("[");
        List<Map<String, Object>> serious = JsonPath.read((String) result,
                "$[?(@.impact == 'serious' || @.impact == 'critical')]");
        assertThat(serious).as("serious or critical accessibility violations on the %s page", page).isEmpty();
    }

    static void screenshot(ChromeDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static synchronized String axeSource() throws IOException {
        if (axeSource == null) {
            try (InputStream in = ConsoleBrowser.class.getResourceAsStream(
                    "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
                axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return axeSource;
    }
}
