package io.yunwei.local;

import static io.yunwei.local.ConsoleBrowser.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The customer's portal, in a real headless Chromium the size of a phone against the running system: a customer
 * reports a fault answering the six questions in plain words (intake assessing them as they are typed), follows it to closure in their own words, reads the
 * incident report and answers the survey; another organisation cannot open it.
 */
class PortalBrowserIT {

    @RegisterExtension
    final ConsoleBrowser.Browsers browsers = new ConsoleBrowser.Browsers();
    private final String gateway = ConsoleBrowser.gateway();
    private ChromeDriver browser;

    @Test
    void customerReportsAFaultFollowsItToClosureAndAnswersTheSurvey() throws Exception {
        Api api = RunningSystem.api();
        browser = browsers.phone("zh-CN");
        ConsoleBrowser.signIn(browser, gateway, "customer-acme", "/portal");
        browser.get(gateway + "/portal?lang=zh-CN");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("我的服务");

        // the completeness follows the answers as they are typed
        type("symptom", "财务室的 UPS 一直在报警,嘀嘀响");
        awaitAnswered("1/6");
        assertThat(answered()).containsExactly("WHAT");
        type("location", "总部 3 楼财务室");
        // the completeness is intake's assessment: what intake would not take is said in its place
        type("reportedBy", "李".repeat(101));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#completeness .assessment-problems"), "您的姓名"));
        assertThat(browser.findElements(By.id("report-score"))).isEmpty();
        type("reportedBy", "李娜");
        type("reporterPhone", "13800138000");
        awaitAnswered("3/6");
        ((JavascriptExecutor) browser).executeScript(
                "document.activeElement.blur(); window.scrollTo(0, document.getElementById('report-heading').offsetTop);");
        ConsoleBrowser.screenshot(browser, "portal-report");
        ConsoleBrowser.assertNoSeriousAccessibilityViolations(browser, "portal report");

        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                browser.findElement(By.id("occurredAt")), "2026-12-01T09:30");
        type("suspectedCause", "不清楚,可能是停电以后");
        type("discoveredHow", "听到报警声");
        new Select(browser.findElement(By.id("impact"))).selectByValue("HIGH");
        new Select(browser.findElement(By.id("urgency"))).selectByValue("HIGH");
        awaitAnswered("6/6");
        // the customer is not sure which equipment it is: no asset named, so no other open ticket of one claims it
        assertThat(new Select(browser.findElement(By.id("assetIds"))).getFirstSelectedOption().getAttribute("value")).isEmpty();
        submit(browser.findElement(By.cssSelector("#report-form button[type=submit]")));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlMatches("/portal/tickets/[0-9a-f-]{36}$"));
        String ticket = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(browser.findElement(By.cssSelector(".timeline")).getText()).contains("我们已收到您的报告");

        // an engineer takes it to a signed, closed visit; the customer follows it in their words
        String engineer = Journeys.awaitStatus(api, ticket, "ASSIGNED").read("$.engineerId");
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("engineer")).getText()).isEqualTo(engineer);
        Journeys.workTheVisit(api, ticket, engineer);
        Journeys.awaitStatus(api, ticket, "CLOSED");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            d.navigate().refresh();
            return d.findElement(By.cssSelector(".timeline")).getText().contains("已结单");
        });
        assertThat(browser.findElement(By.id("ticket-status")).getText()).isEqualTo("已关闭");
        assertThat(browser.findElements(By.cssSelector(".timeline li"))).extracting(e -> e.getAttribute("data-type"))
                .contains("ticket.recorded.v1", "dispatch.assigned.v1", "visit.checked-in.v1", "visit.completed.v1",
                        "ticket.closed.v1");
        assertThat(browser.findElement(By.cssSelector(".timeline")).getText()).contains("工程师已到达现场",
                "工程师已完成现场工作");
        ConsoleBrowser.screenshot(browser, "portal-ticket");
        ConsoleBrowser.assertNoSeriousAccessibilityViolations(browser, "portal ticket");

        // the survey, once follow-up has scheduled it: answered once, then thanked
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("agent", "/api/v1/callbacks?ticketId=" + ticket)
                .<List<String>>read("$[*].id"), ids -> !ids.isEmpty());
        WebElement survey = browser.findElement(By.id("survey"));
        HeadlessChromium.click(browser, survey.findElement(By.cssSelector("label[for=satisfaction-5]")));
        HeadlessChromium.click(browser, survey.findElement(By.id("resolved-yes")));
        survey.findElement(By.id("survey-comment")).sendKeys("工程师很专业");
        submit(survey.findElement(By.cssSelector("button[type=submit]")));
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            d.navigate().refresh();
            return !d.findElements(By.id("survey-thanks")).isEmpty();
        });
        List<Integer> satisfaction = api.get("agent", "/api/v1/callbacks?ticketId=" + ticket)
                .read("$[*].outcome.satisfaction");
        assertThat(satisfaction).containsExactly(5);

        // the incident report, once follow-up has issued it
        String reportUrl = browser.findElement(By.id("report-link")).getAttribute("href");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            d.get(reportUrl);
            return d.findElement(By.tagName("body")).getText().contains("Incident report");
        });
    }

    @Test
    void anotherOrganisationCannotOpenTheTicket() throws Exception {
        String ticket = Journeys.report(RunningSystem.api());
        browser = browsers.phone("zh-CN");
        ConsoleBrowser.signIn(browser, gateway, "customer-globex", "/portal");

        browser.get(gateway + "/portal/tickets/" + ticket + "?lang=zh-CN");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("没有这张工单,或您无权查看。");
        browser.get(gateway + "/portal");
        assertThat(browser.findElements(By.cssSelector(".portal-ticket[data-ticket='" + ticket + "']"))).isEmpty();
    }

    private void type(String id, String text) {
        ConsoleBrowser.type(browser.findElement(By.id(id)), text);
    }

    private void awaitAnswered(String count) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#completeness output"), count));
    }

    private List<String> answered() {
        return browser.findElements(By.cssSelector("#completeness .answered")).stream()
                .map(e -> e.getAttribute("data-dimension")).toList();
    }

    /** Once the completeness has stopped moving the page (htmx swaps it as the answers change). */
    private void submit(WebElement button) {
        new WebDriverWait(browser, WAIT).until(d -> d.findElements(By.cssSelector(".htmx-request, .htmx-settling")).isEmpty());
        ConsoleBrowser.clickToNextPage(browser, button);
    }
}
