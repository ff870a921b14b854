package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The call centre's and the dispatch desk's pages on a tablet held upright (768×1024), as a supervisor walking the
 * floor has them: nothing runs off the side of the screen, every page's heading is there, and axe-core finds no
 * serious violation.
 */
class TabletBrowserIT {

    private static String gateway;
    private ChromeDriver browser;

    @BeforeAll
    static void connect() {
        gateway = RunningSystem.stack().gatewayUrl();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @ParameterizedTest
    @CsvSource({
            "agent, /desk, /desk, tablet-desk",
            "agent, /desk, /desk/search?q=UPS, tablet-find",
            "dispatcher, /board, /board, tablet-board",
            "supervisor, /supervisor, /supervisor, tablet-supervisor" })
    void fitsATabletsScreen(String user, String home, String page, String screenshot) throws IOException {
        browser = HeadlessChromium.tablet("zh-CN");
        ConsoleBrowser.signIn(browser, gateway, user, home);
        browser.get(gateway + page);

        assertThat(browser.findElements(By.tagName("h1"))).as(page + " heading").hasSize(1);
        Number overflow = (Number) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow.intValue()).as(page + ": pixels running off a tablet's screen sideways").isLessThanOrEqualTo(0);
        ConsoleBrowser.assertNoSeriousAccessibilityViolations(browser, page + " on a tablet");
        ConsoleBrowser.screenshot(browser, screenshot);
    }
}
