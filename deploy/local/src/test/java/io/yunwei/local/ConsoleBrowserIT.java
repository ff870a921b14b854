package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An agent works a call in the console, in a real headless Chromium against the running system: signs in through the
 * authorization server's form, records an incomplete call, is told where the record is lacking, completes it, is
 * stopped by a courtesy finding in the read-back, reads it back properly and sees the ticket open and get assigned;
 * axe-core finds nothing serious on the pages on the way.
 */
class ConsoleBrowserIT {

    private static final Duration WAIT = ConsoleBrowser.WAIT;

    @RegisterExtension
    final ConsoleBrowser.Browsers browsers = new ConsoleBrowser.Browsers();
    private final String gateway = ConsoleBrowser.gateway();
    private ChromeDriver browser;

    @Test
    void agentRecordsACallCompletesItReadsItBackAndSeesTheTicketOpen() throws Exception {
        // another fault already open at the caller's site: the desk shows it before the call is saved
        Api api = RunningSystem.api();
        String atTheSameSite = Journeys.report(api);
        await().atMost(WAIT).until(() -> api.get("agent", "/api/v1/tickets?siteId=acme-hq&size=5").body(),
                page -> page.contains(atTheSameSite));
        browser = browsers.desktop("zh-CN");
        signIn("agent");
        browser.get(gateway + "/desk?lang=zh-CN");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("坐席台");
        assertNoSeriousAccessibilityViolations("desk");

        // an id the intake API does not know: its problem is shown by the customer field, and what was typed stays
        fillCall(Map.of("customerId", "no-such-customer", "reporterName", "张伟", "reportedBy", "张伟",
                "symptom", "打印机卡纸,无法打印", "suspectedCause", "搓纸轮磨损", "discoveredHow", "打印时发现"));
        setValue("occurredAt", "2026-12-04T09:30");
        select("impact", "MEDIUM");
        select("urgency", "LOW");
        // scored by intake as it is typed, before anything is saved: only WHERE is missing (the score is drawn
        // again for each change typed, so an element read may have been replaced meanwhile)
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "the page " + browser.getCurrentUrl() + " shows: "
                        + browser.findElement(By.tagName("body")).getText())
                .until(driver -> "83".equals(driver.findElement(By.id("draft-score")).getAttribute("value"))
                        && driver.findElements(By.cssSelector(".draft-missing-dimension")).stream()
                                .map(e -> e.getAttribute("data-dimension")).toList().equals(List.of("WHERE")));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#customer-choices .unknown-customer"), "没有这个编号的客户"));
        submit("/desk/calls");
        assertThat(browser.findElement(By.cssSelector("#customerId-notes .field-error")).getText())
                .isEqualTo("没有这个编号的客户。");
        assertThat(browser.findElement(By.id("customerId")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("symptom")).getAttribute("value")).isEqualTo("打印机卡纸,无法打印");

        // the customer is found by a part of its name; its site and equipment are picked from its own lists
        replace("customerId", "Acme");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#customer-options option[value='acme']")));
        WebElement customer = browser.findElement(By.id("customerId"));
        customer.clear();
        customer.sendKeys("acme", Keys.TAB);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#siteId option[value='acme-hq']")));
        assertThat(browser.findElements(By.cssSelector("#customerId-notes .field-error"))).isEmpty();
        select("siteId", "acme-hq");
        HeadlessChromium.click(browser, browser.findElement(By.id("asset-acme-prn-01")));
        // the list is redrawn as the site and the asset are picked: the ticket first shows as the same customer's
        WebElement sameSite = new WebDriverWait(browser, WAIT).withMessage(() -> "likely duplicates shown: "
                + browser.findElements(By.cssSelector(".likely-duplicate")).stream()
                        .map(e -> e.getAttribute("data-ticket") + "=" + e.getAttribute("data-likeness")).toList())
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".likely-duplicate[data-ticket='"
                        + atTheSameSite + "'][data-likeness='SAME_SITE']")));
        assertThat(sameSite.getAttribute("data-likeness")).isEqualTo("SAME_SITE");
        assertThat(sameSite.findElement(By.tagName("a")).getAttribute("href")).endsWith("/desk/tickets/" + atTheSameSite);
        screenshot("desk-assessment");
        assertNoSeriousAccessibilityViolations("desk while a call is typed");

        // recorded without WHERE: the ticket waits, and the location field says what to ask
        submit("/desk/calls");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlMatches("/desk/tickets/[0-9a-f-]{36}$"));
        String ticketUrl = browser.getCurrentUrl();
        assertThat(browser.findElements(By.cssSelector(".missing-dimension")))
                .extracting(e -> e.getAttribute("data-dimension")).containsExactly("WHERE");
        assertThat(browser.findElement(By.cssSelector("#location-notes .field-missing")).getText())
                .contains("请询问故障地点");
        assertThat(browser.findElement(By.id("score")).getAttribute("value")).isEqualTo("83");
        assertThat(browser.findElement(By.id("ticket-status")).getText()).isEqualTo("已记录");
        assertThat(browser.findElements(By.id("summaryReadBack"))).isEmpty();
        screenshot("ticket-incomplete");
        assertNoSeriousAccessibilityViolations("incomplete ticket");

        // someone else changes the record in another tab first: this agent's save is stale and told who changed what
        String agentTab = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(ticketUrl);
        replace("suspectedCause", "搓纸轮磨损,需更换");
        submit("/desk/tickets/");
        browser.close();
        browser.switchTo().window(agentTab);
        replace("location", "上海总部 3 楼财务室");
        submit("/desk/tickets/");
        assertThat(browser.findElement(By.cssSelector(".stale-edit")).getText()).contains("agent");
        assertThat(browser.findElement(By.cssSelector(".stale-edit tr[data-field='suspectedCause'] .stale-saved")).getText())
                .isEqualTo("搓纸轮磨损,需更换");
        assertThat(browser.findElement(By.id("location")).getAttribute("value")).isEqualTo("上海总部 3 楼财务室");
        assertNoSeriousAccessibilityViolations("stale edit");
        submit("/desk/tickets/");
        assertThat(browser.findElements(By.cssSelector(".stale-edit"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector(".missing-dimension"))).isEmpty();
        assertThat(browser.findElement(By.id("score")).getAttribute("value")).isEqualTo("100");

        // the read-back is said to the caller: a discourteous one is flagged as it is typed, and refused
        replace("summaryReadBack", "哥们儿,你自己去问");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#findings .courtesy-findings"), "你自己去问"));
        assertThat(browser.findElement(By.id("findings")).getText()).contains("哥们儿", "先生/女士，您好",
                "我帮您问清楚后给您回复");
        assertNoSeriousAccessibilityViolations("read-back with courtesy findings");
        replace("confirmedBy", "张伟");
        submit("/read-back");
        assertThat(browser.findElement(By.cssSelector(".alert-danger")).getText()).contains("不宜对客户说的用语");
        assertThat(browser.findElement(By.id("ticket-status")).getText()).isEqualTo("已记录");

        replace("summaryReadBack", "张先生您好,跟您核对一下:今天 09:30 上海总部 3 楼财务室的打印机卡纸,无法打印,"
                + "初步判断是搓纸轮磨损。请问以上是否准确?");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#findings .courtesy-findings")));
        replace("confirmedBy", "张伟");
        submit("/read-back");
        assertThat(browser.getCurrentUrl()).isEqualTo(ticketUrl);
        assertThat(browser.findElement(By.cssSelector(".alert-success")).getText()).contains("工单已开启");

        // dispatch assigns it; the status badge follows without a reload
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("ticket-status"),
                "已派工"));
        // reloaded, the page says where the ticket stands: its SLA clocks, why its engineer, every event so far
        browser.navigate().refresh();
        assertThat(browser.findElements(By.cssSelector(".sla-clocks tbody tr"))).extracting(row -> row.getAttribute("data-target"))
                .containsExactly("RESPONSE", "ARRIVAL", "RESOLUTION");
        assertThat(browser.findElement(By.cssSelector(".dispatches")).getText()).contains("已派工,待接单", "选派理由:");
        assertThat(browser.findElements(By.cssSelector(".timeline li"))).extracting(WebElement::getText)
                .anySatisfy(step -> assertThat(step).contains("工单已受理"))
                .anySatisfy(step -> assertThat(step).contains("已派给工程师"));
        screenshot("ticket-assigned");
        assertNoSeriousAccessibilityViolations("assigned ticket");

        browser.get(gateway + "/desk");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=recent] table")).getText()).contains("打印机卡纸");
        screenshot("desk");

        // the caller rings again: the agent finds the ticket by a word of it, the word marked where it matched
        String ticketId = ticketUrl.substring(ticketUrl.lastIndexOf('/') + 1);
        WebElement find = browser.findElement(By.id("desk-find"));
        find.sendKeys("卡纸");
        WebElement html = browser.findElement(By.tagName("html"));
        find.sendKeys(Keys.ENTER);
        new WebDriverWait(browser, WAIT).until(ConsoleBrowser.gone(html));
        WebElement row = browser.findElement(By.cssSelector("table.found tr[data-ticket='" + ticketId + "']"));
        assertThat(row.findElements(By.cssSelector(".matches mark"))).extracting(WebElement::getText).contains("卡纸");
        screenshot("find");
        assertNoSeriousAccessibilityViolations("find tickets");
    }

    @Test
    void agentSeesThePhotosTheEngineerTookOnSiteThroughTheConsole() throws Exception {
        Api api = RunningSystem.api();
        String ticket = Journeys.report(api);
        String engineer = Journeys.awaitStatus(api, ticket, "ASSIGNED").read("$.engineerId");
        String visit = Journeys.plannedVisit(api, ticket, engineer);
        String client = Journeys.clientOf(engineer);
        applied(api.post(client, "/api/v1/visits/" + visit + "/check-in", ""));
        applied(api.put(client, "/api/v1/visits/" + visit + "/site-checklist", """
                {"uniformWorn":true,"badgeShown":true,"questions":[
                  {"topic":"SHOE_COVERS","asked":true,"answer":"REQUIRED","complied":true},
                  {"topic":"ANTI_STATIC","asked":true,"answer":"REQUIRED","complied":true},
                  {"topic":"REGISTRATION","asked":true,"answer":"REQUIRED","complied":true},
                  {"topic":"OTHER_RULES","asked":true,"answer":"REQUIRED","complied":true}]}"""));
        applied(api.post(client, "/api/v1/visits/" + visit + "/consents", "{\"type\":\"PHOTO\",\"grantedBy\":\"张伟\"}"));
        applied(api.post(client, "/api/v1/visits/" + visit + "/evidence", "multipart/form-data; boundary=" + BOUNDARY,
                photoForm("UPS 面板告警")));

        browser = browsers.desktop("en");
        signIn("agent");
        browser.get(gateway + "/desk/tickets/" + ticket + "?lang=en");

        // the image comes from the console, which fetched it from the field API with the agent's own token
        List<WebElement> thumbnails = browser.findElements(By.cssSelector(".evidence img.evidence-thumbnail"));
        assertThat(thumbnails).as("the photos on the ticket's page, which read: %s",
                browser.findElement(By.tagName("main")).getText()).isNotEmpty();
        WebElement thumbnail = thumbnails.getFirst();
        assertThat(thumbnail.getAttribute("alt")).isEqualTo("Photo: UPS 面板告警");
        assertThat(thumbnail.getAttribute("src")).startsWith(gateway + "/desk/visits/" + visit + "/evidence/");
        new WebDriverWait(browser, WAIT).until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth === 16;", thumbnail)));
        assertNoSeriousAccessibilityViolations("ticket with evidence photos");
    }

    private static final String BOUNDARY = "yunwei-evidence-boundary";

    private static void applied(Api.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
    }

    /** A 16×16 PNG as the {@code file} part of a multipart form, with its caption. */
    private static byte[] photoForm(String caption) throws IOException {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"panel.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        form.write(png.toByteArray());
        form.write(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n" + caption
                + "\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return form.toByteArray();
    }

    /** A ticket reported and assigned, the engineer who has it and the other one, and the board open on it. */
    private record Assigned(Api api, String ticket, String engineer, String other) {
    }

    private Assigned boardWithAnAssignedTicket() {
        Api api = RunningSystem.api();
        String ticket = Journeys.report(api);
        String engineer = Journeys.awaitStatus(api, ticket, "ASSIGNED").read("$.engineerId");
        browser = browsers.desktop("en");
        signIn("dispatcher", "/board");
        browser.get(gateway + "/board?lang=en");
        return new Assigned(api, ticket, engineer, engineer.equals("eng-wang") ? "eng-li" : "eng-wang");
    }

    @Test
    void dispatcherSeesWhyTheTicketWentToItsEngineerAndReassignsItWithAReason() throws Exception {
        Assigned assigned = boardWithAnAssignedTicket();
        String ticket = assigned.ticket();
        String first = assigned.engineer();
        String other = assigned.other();

        // the panel is renewed every 5 s around the explanation and the form, which stay as the dispatcher left them
        String dispatch = dispatchIdOf(ticket);
        assertThat(dispatchText(ticket)).contains("assigned to " + first);
        WebElement why = browser.findElement(By.id("why-" + dispatch));
        // the board lists every dispatch under way, other tests' too, so this one may be far down the page
        HeadlessChromium.click(browser, why.findElement(By.tagName("summary")));
        assertThat(why.findElements(By.cssSelector("tbody th"))).extracting(WebElement::getText)
                .contains("eng-wang", "eng-li");
        assertThat(why.findElement(By.tagName("tbody")).getText()).contains("chosen");
        screenshot("board");
        assertNoSeriousAccessibilityViolations("board");

        // no reason: the API's problem stands by the reason field, and the engineer typed stays
        WebElement form = browser.findElement(By.id("assign-" + dispatch));
        replaceIn(form, "engineerId", other);
        submitIn(form);
        form = browser.findElement(By.id("assign-" + dispatch));
        assertThat(form.findElement(By.cssSelector("[id$='-notes'] .field-error")).getText()).startsWith("Not accepted");
        assertThat(form.findElement(By.name("engineerId")).getAttribute("value")).isEqualTo(other);
        assertThat(form.findElement(By.name("reason")).getAttribute("class")).contains("is-invalid");

        replaceIn(form, "reason", "Customer asked for the engineer who fixed it last time");
        submitIn(form);
        assertThat(dispatchText(ticket)).contains("assigned to " + other);
    }

    @Test
    void theBoardShowsAReassignmentMadeElsewhereWithoutAReloadAndKeepsWhatTheDispatcherTyped() throws Exception {
        Assigned assigned = boardWithAnAssignedTicket();
        Api api = assigned.api();
        String ticket = assigned.ticket();
        String other = assigned.other();
        WebElement page = browser.findElement(By.tagName("html"));
        String dispatch = dispatchIdOf(ticket);

        // typed into the reassignment form: the panel is renewed around it, and the text and the focus stay
        WebElement form = browser.findElement(By.id("assign-" + dispatch));
        WebElement reason = form.findElement(By.name("reason"));
        HeadlessChromium.click(browser, reason);
        reason.sendKeys("The customer asks for ");
        WebElement heading = dispatchOf(ticket).findElement(By.tagName("h3"));
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ConsoleBrowser.gone(heading));
        assertThat(reason.getDomProperty("value")).isEqualTo("The customer asks for ");
        assertThat(browser.switchTo().activeElement()).isEqualTo(reason);
        reason.sendKeys("the engineer who came last time");
        assertThat(reason.getDomProperty("value")).isEqualTo("The customer asks for the engineer who came last time");

        // another dispatcher reassigns it through the API: the board shows the new dispatch within seconds, the old one
        // (and its form) gone
        Api.Response moved = api.post("dispatcher", "/api/v1/dispatches/" + dispatch + "/reassignment", """
                {"engineerId":"%s","reason":"Nearer to the site this afternoon"}""".formatted(other));
        assertThat(moved.status()).as(moved.body()).isBetween(200, 201);
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                .until(d -> dispatchOf(ticket).getText().contains("assigned to " + other));
        assertThat(browser.findElements(By.id("assign-" + dispatch))).isEmpty();
        assertThat(page.isDisplayed()).as("the page was not reloaded").isTrue();
    }

    @Test
    void theBoardShowsANewTicketWaitingForAnEngineerWithoutAReload() throws Exception {
        Api api = RunningSystem.api();
        browser = browsers.desktop("en");
        signIn("dispatcher", "/board");
        browser.get(gateway + "/board?lang=en");
        WebElement page = browser.findElement(By.tagName("html"));
        assertThat(browser.findElements(By.cssSelector("#board-engineers tr[data-engineer]")))
                .extracting(row -> row.getAttribute("data-engineer")).contains("eng-wang", "eng-li");

        // a site in an area no engineer covers: nobody can take the ticket, so it waits for the dispatcher
        String site = "far-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Api.Response added = api.post("agent", "/api/v1/customers/acme/sites", """
                {"id":"%s","name":"Acme 临港仓库","address":"上海市浦东新区临港大道 1 号","areaCode":"310199"}"""
                .formatted(site));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        Api.Response created = api.post("engineer-wang", "/api/v1/tickets", """
                {"channel":"INSPECTION","customerId":"acme","siteId":"%s","assetIds":[],
                 "when":{"occurredAt":"2026-12-05T09:30:00+08:00"},"who":{"reportedBy":"王工"},
                 "where":{"location":"仓库 2 号门禁"},"what":{"symptom":"门禁读卡器无响应"},
                 "why":{"suspectedCause":"读卡器电源松动"},"how":{"discoveredHow":"巡检发现","impact":"MEDIUM","urgency":"MEDIUM"}}"""
                .formatted(site));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String ticket = created.read("$.id");

        // the panel follows the API every 5 s: the ticket shows on the page as it was loaded
        WebElement row = new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions
                .presenceOfElementLocated(By.cssSelector("#board-tickets table.waiting tr[data-ticket='" + ticket + "']")));
        assertThat(row.getText()).contains("门禁读卡器无响应");
        assertThat(page.isDisplayed()).as("the page was not reloaded").isTrue();
        assertNoSeriousAccessibilityViolations("board with a waiting ticket");
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
        screenshot("board-panels");

        // once dispatch has escalated it, it shows among the escalations without a reload, and the row leads there
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#board-work #escalation-" + ticket)));
        assertThat(page.isDisplayed()).as("the page was not reloaded").isTrue();
        WebElement assign = new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions
                .elementToBeClickable(By.cssSelector("#board-tickets tr[data-ticket='" + ticket + "'] a.assign-escalated")));
        ConsoleBrowser.clickToNextPage(browser, assign);
        assertThat(browser.findElement(By.id("escalation-" + ticket)).findElements(By.name("engineerId"))).hasSize(1);

        // assigned by another dispatcher through the API: it leaves the escalations without a reload
        WebElement reloaded = browser.findElement(By.tagName("html"));
        Api.Response assigned = api.post("dispatcher", "/api/v1/escalations/" + ticket + "/assignment", """
                {"engineerId":"eng-wang","reason":"Sent from the nearest office"}""");
        assertThat(assigned.status()).as(assigned.body()).isBetween(200, 201);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.invisibilityOfElementLocated(
                By.id("escalation-" + ticket)));
        assertThat(reloaded.isDisplayed()).as("the page was not reloaded").isTrue();
    }

    @Test
    void aSupervisorApprovesAKnowledgeArticleDraftedAtAClosure() throws Exception {
        Api api = RunningSystem.api();
        String ticket = Journeys.report(api);
        String engineer = Journeys.awaitStatus(api, ticket, "ASSIGNED").read("$.engineerId");
        // the engineer first explains the cause vaguely and is stopped: the supervisor sees it counted
        String visit = Journeys.plannedVisit(api, ticket, engineer);
        assertThat(api.post(Journeys.clientOf(engineer), "/api/v1/visits/" + visit + "/diagnosis",
                "{\"symptomRestated\":\"UPS 告警灯闪烁\",\"causeExplained\":\"可能是电池的问题\"}").status())
                .isEqualTo(422);
        Journeys.workTheVisit(api, ticket, engineer);
        Journeys.awaitStatus(api, ticket, "CLOSED");
        String article = ticket + "-K1";
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> api
                .get("supervisor", "/api/v1/knowledge/articles?status=DRAFT&size=200")
                .<List<String>>read("$[*].id").contains(article));

        browser = browsers.desktop("zh-CN");
        signIn("supervisor", "/supervisor");
        browser.get(gateway + "/supervisor?lang=zh-CN");
        WebElement draft = browser.findElement(By.cssSelector("article.draft[data-article='" + article + "']"));
        assertThat(draft.getText()).contains("UPS 告警灯闪烁", "更换 UPS 电池组");
        assertThat(browser.findElement(By.cssSelector(".fix-rates")).getText()).contains("一次修复率");
        WebElement refusals = browser.findElement(By.cssSelector(".courtesy-refusals"));
        assertThat(refusals.getText()).contains("因措辞被拒绝的文字", "不计入：输入时显示的提示");
        WebElement vagueOnSite = refusals.findElement(By.cssSelector("tr[data-category='VAGUENESS'] td:nth-of-type(3)"));
        assertThat(Long.parseLong(vagueOnSite.getText())).as("refused on site, in the field column").isPositive();
        String person = "tr[data-actor='" + Journeys.clientOf(engineer) + "']";
        assertThat(refusals.findElement(By.cssSelector(person)).getText()).contains("现场");
        assertNoSeriousAccessibilityViolations("supervisor");
        screenshot("supervisor");
        browser.executeScript("arguments[0].scrollIntoView()", refusals);
        screenshot("supervisor-courtesy");

        ConsoleBrowser.clickToNextPage(browser, draft.findElement(By.cssSelector("form button[type=submit]")));

        assertThat(browser.findElement(By.cssSelector(".alert-success")).getText()).contains("已发布");
        assertThat(browser.findElements(By.cssSelector("article.draft[data-article='" + article + "']"))).isEmpty();
        assertThat(api.get("agent", "/api/v1/knowledge/articles?status=APPROVED&size=200")
                .<List<String>>read("$[?(@.id == '" + article + "')].approvedBy")).containsExactly("supervisor");
    }

    private WebElement dispatchOf(String ticket) {
        return browser.findElement(By.cssSelector("article.dispatch[data-ticket='" + ticket + "']"));
    }

    /** The id of the ticket's dispatch under way, which names its explanation and its form. */
    private String dispatchIdOf(String ticket) {
        return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> dispatchOf(ticket).getAttribute("data-dispatch"));
    }

    /** The text of the ticket's dispatch, read again should the panel be renewed while it is read. */
    private String dispatchText(String ticket) {
        return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> dispatchOf(ticket).getText());
    }

    private void replaceIn(WebElement scope, String name, String text) {
        ConsoleBrowser.type(scope.findElement(By.name(name)), text);
    }

    private void submitIn(WebElement form) {
        click(form.findElement(By.cssSelector("button[type=submit]")));
    }

    @Test
    void aTextOfTheCallIsCourtesyCheckedBesideItsFieldAsItIsTyped() throws Exception {
        browser = browsers.desktop("zh-CN");
        signIn("agent");
        browser.get(gateway + "/desk?lang=zh-CN");

        browser.findElement(By.id("symptom")).sendKeys("哥们儿,打印机又坏了");

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#symptom-courtesy .courtesy-finding"), "哥们儿"));
        assertThat(browser.findElement(By.id("symptom-courtesy")).getText()).contains("先生/女士，您好");
        assertThat(browser.findElement(By.id("location-courtesy")).getText()).isEmpty();
        assertNoSeriousAccessibilityViolations("desk with a courtesy finding");
    }

    @Test
    void aFragmentRenewedAfterTheSessionEndedTakesTheWholePageToSignInAgain() {
        browser = browsers.desktop("en");
        signIn("agent");
        browser.get(gateway + "/desk?lang=en");
        WebElement page = browser.findElement(By.tagName("html"));

        browser.manage().deleteCookieNamed("YUNWEI_SESSION");
        browser.findElement(By.id("symptom")).sendKeys("Printer jams");

        // the assessment's request is answered with a redirect of the whole page, never with a sign-in form inside it
        new WebDriverWait(browser, WAIT).until(ConsoleBrowser.gone(page));
        new WebDriverWait(browser, WAIT).until(driver -> !driver.findElements(By.id("draft-score")).isEmpty()
                || !driver.findElements(By.name("password")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#assessment input"))).isEmpty();
        // the issuer still knows the agent, so the desk comes back signed in
        assertThat(browser.getCurrentUrl()).startsWith(gateway + "/desk");
        assertThat(browser.findElement(By.id("symptom")).getAttribute("value")).isEmpty();
    }

    @Test
    void signingOutEndsTheSessionAtTheIssuerToo() {
        browser = browsers.desktop("en");
        signIn("agent");
        browser.get(gateway + "/desk?lang=en");

        HeadlessChromium.click(browser, browser.findElement(By.cssSelector("header form[action='/logout'] button")));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(gateway + "/signed-out"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Signed out");

        browser.get(gateway + "/desk");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(gateway + "/login"));
        assertThat(browser.findElements(By.name("password"))).hasSize(1);
    }

    private void signIn(String user) {
        signIn(user, "/desk");
    }

    private void signIn(String user, String home) {
        ConsoleBrowser.signIn(browser, gateway, user, home);
    }

    private void fillCall(Map<String, String> fields) {
        fields.forEach(this::replace);
    }

    private void replace(String id, String text) {
        ConsoleBrowser.type(browser.findElement(By.id(id)), text);
    }

    private void setValue(String id, String value) {
        ConsoleBrowser.setValue(browser, browser.findElement(By.id(id)), value);
    }

    private void select(String id, String value) {
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id(id))).selectByValue(value);
    }

    /** Submits the form whose action ends with (or contains) the given path, and waits for the next page. */
    private void submit(String action) {
        WebElement form = browser.findElements(By.tagName("form")).stream()
                .filter(f -> f.getAttribute("action").contains(action)).findFirst().orElseThrow();
        click(form.findElement(By.cssSelector("button[type=submit]")));
    }

    /** Presses a submit button from the keyboard, as an agent who never leaves it does, and waits for the next page. */
    private void click(WebElement button) {
        WebElement html = browser.findElement(By.tagName("html"));
        button.sendKeys(Keys.ENTER);
        new WebDriverWait(browser, WAIT).until(ConsoleBrowser.gone(html));
    }

    private void assertNoSeriousAccessibilityViolations(String page) throws IOException {
        ConsoleBrowser.assertNoSeriousAccessibilityViolations(browser, page);
    }

    private void screenshot(String name) throws IOException {
        ConsoleBrowser.screenshot(browser, name);
    }
}
