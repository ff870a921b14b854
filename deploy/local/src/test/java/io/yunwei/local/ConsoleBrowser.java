package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.jayway.jsonpath.JsonPath;

/** What the console's browser tests do alike: sign in at the issuer's form, check accessibility, keep screenshots. */
final class ConsoleBrowser {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static String axeSource;

    private ConsoleBrowser() {
    }

    /** Signs in as a demo user (password: the name + {@code -secret}) and waits for their home page. */
    static void signIn(ChromeDriver browser, String gateway, String user, String home) {
        browser.get(gateway + "/");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(gateway + "/login"));
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(user + "-secret");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains(home));
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
