package io.yunwei.followup.archive;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.followup.callback.FollowupPolicy;

/**
 * The incident report (事件处理报告) of a closed ticket, rendered from its archive whenever it is asked for, so
 * it always shows everything known. A customer sees only its own organisation's reports.
 */
@Service
class IncidentReports {

    private final DocumentStore store;
    private final DateTimeFormatter times;

    IncidentReports(DocumentStore store, FollowupPolicy policy) {
        this.store = store;
        this.times = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx").withZone(policy.zone());
    }

    String html(String ticketId, Actor actor) {
        TicketArchive archive = store.find(TicketArchive.class, ticketId)
                .filter(a -> !a.closures().isEmpty())
                .filter(a -> !actor.hasRole("CUSTOMER") || (actor.customerId() != null
                        && actor.customerId().equals(a.customerId())))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "REPORT_NOT_FOUND",
                        "No incident report has been issued for ticket " + ticketId + "."));
        return render(ticketId, archive);
    }

    private String render(String ticketId, TicketArchive a) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>事件处理报告 Incident report ")
                .append(e(a.number() == null ? ticketId : a.number())).append("</title></head><body>");
        html.append("<h1>事件处理报告 / Incident report</h1>");
        table(html, List.of(
                row("工单号 Ticket", a.number() == null ? ticketId : a.number()),
                row("渠道 Channel", a.channel()), row("客户 Customer", a.customerId()), row("站点 Site", a.siteId()),
                row("设备 Assets", String.join(", ", a.assetIds())), row("优先级 Priority", a.priority()),
                row("状态 Status", a.status())));
        TicketArchive.FaultFacts f = a.fault();
        html.append("<h2>5W1H</h2>");
        table(html, List.of(row("何时 When", time(f.occurredAt())),
                row("何人 Who", join(f.reportedBy(), f.affectedUsers())), row("何地 Where", f.location()),
                row("何事 What", join(f.symptom(), String.join("; ", f.errorMessages()))),
                row("何因 Why", f.suspectedCause()),
                row("如何 How", join(f.discoveredHow(), f.impact() == null ? null : "impact " + f.impact(),
                        f.urgency() == null ? null : "urgency " + f.urgency()))));
        section(html, "派工 Assignments", a.assignments(), x -> join(x.engineerName(), x.engineerId(), x.reason(), time(x.at())));
        section(html, "上门 Visits", a.visits(), v -> join(v.visitId(), v.engineerId(), "到场 " + time(v.checkedInAt()),
                "完成 " + time(v.completedAt()), v.outcome(), v.nextVisitReason()));
        html.append("<h2>诊断 Diagnosis</h2>");
        table(html, a.diagnosis() == null ? List.of()
                : List.of(row("现象 Symptom", a.diagnosis().symptomRestated()), row("原因 Cause", a.diagnosis().causeExplained())));
        section(html, "方案与决定 Options and decision", a.decisions(), d -> join(String.join(" / ", d.options()),
                d.recommended() == null ? null : "推荐 recommended: " + d.recommended(),
                "选择 chosen: " + d.chosen(), d.decidedBy(), time(d.at())));
        html.append("<h2>处理结果 Resolution</h2>");
        table(html, a.resolution() == null ? List.of()
                : List.of(row("解决方法 Solution", a.resolution().solution()),
                        row("应急处理 Emergency handling", a.resolution().emergencyHandling()),
                        row("维护建议 Maintenance advice", a.resolution().maintenanceAdvice())));
        section(html, "巡检结果 Inspection", a.inspection(), i -> join(i.assetId(), i.status(), i.note()));
        html.append("<h2>客户评价 Evaluation</h2>");
        table(html, a.evaluation() == null ? List.of()
                : List.of(row("评分 Score", a.evaluation().score() + " / 5"), row("意见 Comment", a.evaluation().comment()),
                        row("签字 Signed by", a.evaluation().signerName())));
        section(html, "关闭 Closures", a.closures(), c -> join("第 " + c.cycle() + " 次 cycle " + c.cycle(),
                c.engineerId(), time(c.closedAt())));
        section(html, "时间线 Timeline", a.timeline(), t -> join(time(t.at()), t.type(), t.source()));
        return html.append("</body></html>").toString();
    }

    private static String[] row(String label, String value) {
        return new String[] { label, value };
    }

    private static void table(StringBuilder html, List<String[]> rows) {
        if (rows.isEmpty()) {
            html.append("<p>—</p>");
            return;
        }
        html.append("<table>");
        rows.forEach(r -> html.append("<tr><th>").append(e(r[0])).append("</th><td>").append(e(r[1])).append("</td></tr>"));
        html.append("</table>");
    }

    private static <T> void section(StringBuilder html, String title, List<T> items, Function<T, String> line) {
        html.append("<h2>").append(e(title)).append("</h2>");
        if (items.isEmpty()) {
            html.append("<p>—</p>");
            return;
        }
        html.append("<ul>");
        items.forEach(item -> html.append("<li>").append(e(line.apply(item))).append("</li>"));
        html.append("</ul>");
    }

    private String time(Instant at) {
        return at == null ? null : times.format(at);
    }

    private static String join(String... parts) {
        return String.join(" · ", java.util.Arrays.stream(parts).filter(p -> p != null && !p.isBlank()).toList());
    }

    private static String e(String text) {
        return text == null ? "—" : HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
