package io.yunwei.local;

import static io.yunwei.local.ConsoleBrowser.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The engineer's phone on site, in a real headless Chromium the size of a phone against the running system: the
 * dispatch accepted and the appointment booked, then the visit in the handbook's order from check-in to the
 * customer's signature, with a refused consent and a completion asked for too early; and the same visit with the
 * network cut after check-in, sent once the network returns with every step applied once.
 */
class FieldBrowserIT {

    @RegisterExtension
    final ConsoleBrowser.Browsers browsers = new ConsoleBrowser.Browsers();
    private final String gateway = ConsoleBrowser.gateway();
    private ChromeDriver browser;
    private boolean online = true;

    @Test
    void engineerTakesTheVisitFromCheckInToTheCustomersSignature() throws Exception {
        Api api = RunningSystem.api();
        String ticket = Journeys.report(api);
        String engineer = Journeys.awaitStatus(api, ticket, "ASSIGNED").read("$.engineerId");
        browser = browsers.phone("zh-CN");
        ConsoleBrowser.signIn(browser, gateway, user(engineer), "/field");
        browser.get(gateway + "/field?lang=zh-CN");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("今日现场工作");

        // the dispatch: accepted, the customer called, the appointment booked with a courteous pre-notice
        submitAndReload(dispatch(ticket).findElement(By.cssSelector("form[data-queue=acceptance] button")));
        assertThat(dispatch(ticket).getText()).contains("已接单");
        openDetails(dispatch(ticket), "form[data-queue=contact-attempts]");
        WebElement contact = dispatch(ticket).findElement(By.cssSelector("form[data-queue=contact-attempts]"));
        new Select(contact.findElement(By.name("outcome"))).selectByValue("REACHED");
        submitAndReload(contact.findElement(By.cssSelector("button[type=submit]")));
        assertThat(dispatch(ticket).getText()).contains("已联系客户 1 次");

        openDetails(dispatch(ticket), "form[data-queue=appointment]");
        WebElement booking = dispatch(ticket).findElement(By.cssSelector("form[data-queue=appointment]"));
        // within the ticket's SLA arrival target, a few hours away
        LocalDateTime soon = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).plusMinutes(30).truncatedTo(ChronoUnit.MINUTES);
        setValue(booking.findElement(By.name("windowStart")), soon.toString());
        setValue(booking.findElement(By.name("windowEnd")), soon.plusHours(1).toString());
        type(booking.findElement(By.name("contactName")), "李娜");
        type(booking.findElement(By.name("contactPhone")), "13800138000");
        type(booking.findElement(By.name("preNotice")), "哥们儿,我大概明天上午到");
        new WebDriverWait(browser, WAIT).until(d -> dispatch(ticket).findElement(By.cssSelector(".courtesy-findings"))
                .getText().contains("大概"));
        ConsoleBrowser.screenshot(browser, "field-today");
        ConsoleBrowser.assertNoSeriousAccessibilityViolations(browser, "field today");
        type(booking.findElement(By.name("preNotice")), "李女士您好,我是维护工程师,稍后按预约时间上门,到达前会先给您打电话。");
        submitAndReload(booking.findElement(By.cssSelector("button[type=submit]")));
        assertThat(dispatch(ticket).getText()).contains("已预约", "预约时间");

        openVisit(ticket);
        String visit = browser.getCurrentUrl().replaceAll(".*/field/visits/([^?#]+).*", "$1");
        ConsoleBrowser.assertNoSeriousAccessibilityViolations(browser, "planned visit");
        submitStep("check-in");
        assertThat(step("check-in").getText()).contains("已签到");

        // completing too early: every missing step is listed, in the engineer's language
        WebElement completion = form("completion");
        click(completion.findElement(By.name("cleanupDone")));
        click(completion.findElement(By.cssSelector("button[type=submit]")));
        WebElement refused = new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".refused-step[data-step=completion]")));
        assertThat(refused.getText()).contains("上门服务还不能完成", "进场检查", "用通俗的话说明诊断", "处理结果",
                "检查相关设备", "客户在服务单上签字").doesNotContain("清理现场");
        ConsoleBrowser.screenshot(browser, "field-completion-refused");
        ConsoleBrowser.assertNoSeriousAccessibilityViolations(browser, "refused completion");
        click(refused.findElement(By.xpath(".//button[text()='关闭']")));

        fillChecklist();
        submitStep("site-checklist");

        // the customer refuses photos: recorded, and the photo step stays locked saying why
        consent("PHOTO", "REFUSED");
        assertThat(browser.findElement(By.id("photo-locked")).getText()).isEqualTo("客户不同意拍照:不得拍照。");
        assertThat(form("evidence").findElement(By.cssSelector("button[type=submit]")).isEnabled()).isFalse();
        fromPhotoConsentToCompletion((sent, waiting) -> {
            if (sent.equals("evidence")) {
                assertThat(step("evidence").getText()).contains("1 张照片");
            } else if (sent.equals("resolution")) {
                ConsoleBrowser.screenshot(browser, "field-signature");
            }
        });
        assertThat(browser.findElement(By.id("completed")).getText()).isEqualTo("上门服务已完成:已解决。");
        ConsoleBrowser.screenshot(browser, "field-completed");

        Api.Response done = api.get(user(engineer), "/api/v1/visits/" + visit);
        assertThat(done.<String>read("$.status")).isEqualTo("COMPLETED");
        assertThat(done.<String>read("$.serviceForm.signerName")).isEqualTo("李娜");
        assertThat(done.<Integer>read("$.serviceForm.evaluation.score")).isEqualTo(5);
        assertThat(done.<List<String>>read("$.consents[*].type")).containsExactly("PHOTO", "PHOTO");
        assertThat(done.<List<String>>read("$.consents[?(@.refused == true)].type")).hasSize(1);
    }

    @Test
    void visitTakenWithTheNetworkCutAfterCheckInCompletesOnceItReturnsWithEveryStepAppliedOnce() throws Exception {
        Api api = RunningSystem.api();
        OnSite site = checkedIn(api);
        String ticket = site.ticket();
        String engineer = site.engineer();
        String visit = site.visit();

        checklistQueuedOffline();
        fromPhotoConsentToCompletion(this::queue);
        // read in one go each: the queue's panel is drawn again as it changes
        assertThat((String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('queue-state').innerText;")).contains("没有网络");
        assertThat(((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('.queued-step')].map(e => e.dataset.step);"))
                .asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly("site-checklist", "consents", "evidence", "diagnosis", "inspection", "resolution",
                        "service-form", "completion");
        ConsoleBrowser.screenshot(browser, "field-offline");
        ConsoleBrowser.assertNoSeriousAccessibilityViolations(browser, "visit offline");
        Api.Response meanwhile = api.get(user(engineer), "/api/v1/visits/" + visit);
        assertThat(meanwhile.<Boolean>read("$.siteChecklist.complete")).isFalse();

        // the consent and the photo went out once already and their answers were lost: both are sent again
        ((JavascriptExecutor) browser).executeScript("""
                const queue = JSON.parse(localStorage.getItem('yunwei.field.queue'));
                const again = queue.filter(i => i.step === 'consents' || i.step === 'evidence');
                localStorage.setItem('yunwei.field.queue', JSON.stringify(queue.slice(0, 3).concat(again, queue.slice(3))));""");

        WebElement html = browser.findElement(By.tagName("html"));
        network(true);
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.or(
                ConsoleBrowser.gone(html), ExpectedConditions.presenceOfElementLocated(By.cssSelector(".refused-step"))));
        assertThat(browser.findElements(By.cssSelector(".refused-step"))).extracting(WebElement::getText)
                .as("steps the API refused").isEmpty();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("completed")));
        assertThat(browser.findElements(By.cssSelector(".queued-step, .refused-step"))).isEmpty();

        Api.Response done = api.get(user(engineer), "/api/v1/visits/" + visit);
        assertThat(done.<String>read("$.status")).isEqualTo("COMPLETED");
        assertThat(done.<List<String>>read("$.consents[*].type")).containsExactly("PHOTO");
        assertThat(done.<List<String>>read("$.evidence[*].id")).hasSize(1);
        assertThat(done.<Boolean>read("$.siteChecklist.complete")).isTrue();
        List<String> timeline = await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("agent", "/api/v1/tickets/" + ticket + "/timeline").<List<String>>read("$[*].type"),
                types -> types.contains("visit.completed.v1"));
        assertThat(timeline).containsOnlyOnce("visit.checked-in.v1", "visit.completed.v1");
    }

    @Test
    void checklistChangedOnAnotherDeviceWhileOfflineIsShownAsAConflictWithWhatWasTypedKept() throws Exception {
        Api api = RunningSystem.api();
        OnSite site = checkedIn(api);
        String engineer = site.engineer();
        String visit = site.visit();

        checklistQueuedOffline();
        Api.Response elsewhere = api.put(user(engineer), "/api/v1/visits/" + visit + "/site-checklist",
                "{\"uniformWorn\":true,\"badgeShown\":false,\"questions\":[]}");
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(200);
        network(true);

        WebElement refused = new WebDriverWait(browser, Duration.ofSeconds(60)).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".refused-step[data-step=site-checklist]")));
        assertThat(refused.getAttribute("data-status")).isEqualTo("412");
        assertThat(refused.getText()).contains("已在另一台设备上被修改");
        assertThat(form("site-checklist").findElement(By.name("badgeShown")).isSelected()).isTrue();
        assertThat(browser.findElements(By.cssSelector(".queued-step"))).isEmpty();
        assertThat(api.get(user(engineer), "/api/v1/visits/" + visit).<Boolean>read("$.siteChecklist.badgeShown"))
                .as("the other device's checklist stands").isFalse();
    }

    /** A reported ticket's engineer at its visit on the phone, checked in. */
    private record OnSite(String ticket, String engineer, String visit) {
    }

    private OnSite checkedIn(Api api) {
        String ticket = Journeys.report(api);
        String engineer = Journeys.awaitStatus(api, ticket, "ASSIGNED").read("$.engineerId");
        String visit = visitOf(api, engineer, ticket);
        browser = browsers.phone("zh-CN");
        ConsoleBrowser.signIn(browser, gateway, user(engineer), "/field");
        browser.get(gateway + "/field/visits/" + visit + "?lang=zh-CN");
        submitStep("check-in");
        return new OnSite(ticket, engineer, visit);
    }

    private static String user(String engineer) {
        return engineer.equals("eng-wang") ? "engineer-wang" : "engineer-li";
    }

    private static String visitOf(Api api, String engineer, String ticket) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> ids = api.get(user(engineer), "/api/v1/visits")
                    .read("$[?(@.ticketId == '" + ticket + "' && @.status == 'PLANNED')].id");
            return ids.isEmpty() ? null : ids.getFirst();
        }, id -> id != null);
    }

    private WebElement dispatch(String ticket) {
        return browser.findElement(By.cssSelector("article.dispatch-card[data-ticket='" + ticket + "']"));
    }

    private void openVisit(String ticket) {
        WebElement html = browser.findElement(By.tagName("html"));
        new WebDriverWait(browser, WAIT).until(d -> {
            d.navigate().refresh();
            return !d.findElements(By.cssSelector(".visit-card[data-ticket='" + ticket + "'] a")).isEmpty();
        });
        click(browser.findElement(By.cssSelector(".visit-card[data-ticket='" + ticket + "'] a")));
        new WebDriverWait(browser, WAIT).until(ConsoleBrowser.gone(html));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/field/visits/"));
    }

    private void openDetails(WebElement scope, String formSelector) {
        WebElement details = scope.findElement(By.cssSelector(formSelector)).findElement(By.xpath("./ancestor::details"));
        if (details.getAttribute("open") == null) {
            click(details.findElement(By.tagName("summary")));
        }
    }

    private WebElement step(String name) {
        return browser.findElement(By.id("step-" + name));
    }

    private WebElement form(String step) {
        return browser.findElement(By.id("form-" + step));
    }

    private void fillChecklist() {
        WebElement checklist = form("site-checklist");
        click(checklist.findElement(By.name("uniformWorn")));
        click(checklist.findElement(By.name("badgeShown")));
        for (WebElement topic : checklist.findElements(By.cssSelector("select[name^='answer.']"))) {
            String name = topic.getAttribute("name").substring("answer.".length());
            click(checklist.findElement(By.name("asked." + name)));
            new Select(topic).selectByValue("REQUIRED");
            click(checklist.findElement(By.name("complied." + name)));
        }
    }

    private void consent(String type, String answer) {
        WebElement consents = form("consents");
        new Select(consents.findElement(By.name("type"))).selectByValue(type);
        type(consents.findElement(By.name("grantedBy")), "李娜");
        submitMaybeQueued(consents.findElement(By.cssSelector("button[value=" + answer + "]")));
    }

    private void uploadPhoto() throws IOException {
        Path photo = Files.createTempFile("rack", ".png");
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.ORANGE);
        g.fillOval(20, 12, 24, 24);
        g.dispose();
        ImageIO.write(image, "png", photo.toFile());
        WebElement evidence = form("evidence");
        evidence.findElement(By.name("file")).sendKeys(photo.toAbsolutePath().toString());
        type(evidence.findElement(By.name("caption")), "UPS 面板告警");
        submitMaybeQueued(evidence.findElement(By.cssSelector("button[type=submit]")));
    }

    /** The diagnosis in plain words; online, a vague word is flagged as it is typed. */
    private void diagnose(boolean online) {
        WebElement diagnosis = form("diagnosis");
        type(diagnosis.findElement(By.name("symptomRestated")), "UPS 面板上的告警灯一直在闪");
        if (online) {
            type(diagnosis.findElement(By.name("causeExplained")), "可能是电池的问题吧");
            new WebDriverWait(browser, WAIT).until(d -> form("diagnosis")
                    .findElement(By.cssSelector("[id^=findings-] .courtesy-findings")).getText().contains("可能"));
        }
        type(diagnosis.findElement(By.name("causeExplained")), "电池组用了五年,已经老化,储电不足,所以告警。");
        submitMaybeQueued(diagnosis.findElement(By.cssSelector("button[type=submit]")));
    }

    private void fillInspectionResolutionAndSignature() {
        WebElement inspection = form("inspection");
        type(inspection.findElement(By.name("note1")), "更换后自检正常");
        submitMaybeQueued(inspection.findElement(By.cssSelector("button[type=submit]")));
        WebElement resolution = form("resolution");
        type(resolution.findElement(By.name("solution")), "更换 UPS 电池组");
        type(resolution.findElement(By.name("emergencyHandling")), "再次告警时请先切换到旁路供电,并给我们打电话。");
        type(resolution.findElement(By.name("maintenanceAdvice")), "建议每季度做一次放电测试。");
        submitMaybeQueued(resolution.findElement(By.cssSelector("button[type=submit]")));
        WebElement signature = form("service-form");
        type(signature.findElement(By.name("signerName")), "李娜");
        WebElement pad = signature.findElement(By.id("signature-pad"));
        // a finger's strokes on the pad, as the phone's touch screen delivers them
        ((JavascriptExecutor) browser).executeScript("""
                const pad = arguments[0], box = pad.getBoundingClientRect();
                const at = (type, x, y) => pad.dispatchEvent(new PointerEvent(type, {bubbles: true, pointerId: 1,
                    pointerType: 'touch', isPrimary: true, clientX: box.left + x, clientY: box.top + y}));
                at('pointerdown', 40, 100);
                [[80, 60], [120, 110], [160, 50], [220, 100], [280, 70]].forEach(p => at('pointermove', p[0], p[1]));
                at('pointerup', 280, 70);""", pad);
        click(signature.findElement(By.cssSelector("label[for$='score-5']")));
        type(signature.findElement(By.name("comment")), "专业、细致");
    }

    /** The network cut, then the site-entry checklist filled and sent: it waits first in the queue. */
    private void checklistQueuedOffline() {
        network(false);
        fillChecklist();
        click(form("site-checklist").findElement(By.cssSelector("button[type=submit]")));
        queue("site-checklist", 1);
    }

    /** Told of each step of the walk once it was sent (online) or queued (offline), and how many steps then wait. */
    @FunctionalInterface
    private interface Sent {
        void step(String step, int waiting) throws IOException;
    }

    /**
     * The visit from the photo consent to completion, in the handbook's order: online each step is applied (the page
     * reloaded with the API's state) before the next, offline each waits in the queue behind the checklist.
     */
    private void fromPhotoConsentToCompletion(Sent sent) throws IOException {
        consent("PHOTO", "GRANTED");
        sent.step("consents", 2);
        uploadPhoto();
        sent.step("evidence", 3);
        diagnose(online);
        sent.step("diagnosis", 4);
        fillInspectionResolutionAndSignature();
        sent.step("resolution", 6);
        submitMaybeQueued(form("service-form").findElement(By.cssSelector("button[type=submit]")));
        sent.step("service-form", 7);
        click(form("completion").findElement(By.name("cleanupDone")));
        submitMaybeQueued(form("completion").findElement(By.cssSelector("button[type=submit]")));
        sent.step("completion", 8);
    }

    private void submitStep(String step) {
        submitAndReload(form(step).findElement(By.cssSelector("button[type=submit]")));
        assertThat(browser.findElements(By.cssSelector(".refused-step"))).as("refused steps").isEmpty();
    }

    /** Online the page reloads with the API's state once the step was sent; offline the step waits in the queue. */
    private void submitMaybeQueued(WebElement button) {
        if (online) {
            submitAndReload(button);
            assertThat(browser.findElements(By.cssSelector(".refused-step"))).as("refused steps").isEmpty();
        } else {
            click(button);
        }
    }

    /** The page reloads once the API applied the step; a refusal is shown on the page instead, and fails the test. */
    private void submitAndReload(WebElement button) {
        WebElement html = browser.findElement(By.tagName("html"));
        click(button);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.or(ConsoleBrowser.gone(html),
                ExpectedConditions.presenceOfElementLocated(By.cssSelector(".refused-step"))));
        assertThat(browser.findElements(By.cssSelector(".refused-step"))).extracting(WebElement::getText)
                .as("steps the API refused").isEmpty();
    }

    /** The queue's panel is drawn again as it changes, so an element read from it may be gone a moment later. */
    private void queue(String step, int waiting) {
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.id("queue-count")).stream()
                        .anyMatch(e -> String.valueOf(waiting).equals(e.getAttribute("data-count"))));
        String last = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector(".queued-step")).getLast().getAttribute("data-step"));
        assertThat(last).isEqualTo(step);
    }

    /** Cuts or restores the phone's network, as DevTools' offline mode does. */
    private void network(boolean up) {
        online = up;
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", !up, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** Scrolled to the middle of the screen first: the queue's panel stays at the top of a phone's screen. */
    private void click(WebElement element) {
        HeadlessChromium.click(browser, element);
    }

    private void type(WebElement field, String text) {
        ConsoleBrowser.type(field, text);
    }

    private void setValue(WebElement field, String value) {
        ConsoleBrowser.setValue(browser, field, value);
    }
}
