package io.yunwei.followup.archive;

import static io.yunwei.chassis.print.PrintedReport.row;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.print.PrintedReport;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.followup.callback.FollowupPolicy;

/**
 * The incident report (事件处理报告) of a closed ticket, rendered from its archive whenever it is asked for, so
 * it always shows everything known. The HTML page and the PDF print the same sections. A customer sees only its
 * own organisation's reports.
 */
@Service
class IncidentReports {

    private static final String TITLE = "事件处理报告 / Incident report";

    private final DocumentStore store;
    private final DateTimeFormatter times;

    IncidentReports(DocumentStore store, FollowupPolicy policy) {
        this.store = store;
        this.times = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx").withZone(policy.zone());
    }

    String html(String ticketId, Actor actor) {
        return report(ticketId, visible(ticketId, actor)).toHtml();
    }

    byte[] pdf(String ticketId, Actor actor) {
        return report(ticketId, visible(ticketId, actor)).toPdf();
    }

    private TicketArchive visible(String ticketId, Actor actor) {
        return store.find(TicketArchive.class, ticketId)
                .filter(a -> !a.closures().isEmpty())
                .filter(a -> !actor.hasRole("CUSTOMER") || (actor.customerId() != null
                        && actor.customerId().equals(a.customerId())))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "REPORT_NOT_FOUND",
                        "No incident report has been issued for ticket " + ticketId + "."));
    }

    private PrintedReport report(String ticketId, TicketArchive a) {
        String number = a.number() == null ? ticketId : a.number();
        PrintedReport report = PrintedReport.titled("事件处理报告 Incident report " + number, TITLE);
        report.table(null, row("工单号 Ticket", number), row("渠道 Channel", a.channel()), row("客户 Customer", a.customerId()),
                row("站点 Site", a.siteId()), row("设备 Assets", String.join(", ", a.assetIds())),
                row("优先级 Priority", a.priority()), row("状态 Status", a.status()));
        TicketArchive.FaultFacts f = a.fault();
        report.table("5W1H", row("何时 When", time(f.occurredAt())),
                row("何人 Who", join(f.reportedBy(), f.affectedUsers())), row("何地 Where", f.location()),
                row("何事 What", join(f.symptom(), String.join("; ", f.errorMessages()))),
                row("何因 Why", f.suspectedCause()),
                row("如何 How", join(f.discoveredHow(), f.impact() == null ? null : "impact " + f.impact(),
                        f.urgency() == null ? null : "urgency " + f.urgency())));
        report.list("派工 Assignments", a.assignments(), x -> join(x.engineerName(), x.engineerId(), x.reason(), time(x.at())));
        report.list("上门 Visits", a.visits(), v -> join(v.visitId(), v.engineerId(), "到场 " + time(v.checkedInAt()),
                "完成 " + time(v.completedAt()), v.outcome(), v.nextVisitReason()));
        report.table("诊断 Diagnosis", a.diagnosis() == null ? List.of()
                : List.of(row("现象 Symptom", a.diagnosis().symptomRestated()),
                        row("原因 Cause", a.diagnosis().causeExplained())));
        report.list("方案与决定 Options and decision", a.decisions(), d -> join(String.join(" / ", d.options()),
                d.recommended() == null ? null : "推荐 recommended: " + d.recommended(),
                "选择 chosen: " + d.chosen(), d.decidedBy(), time(d.at())));
        report.table("处理结果 Resolution", a.resolution() == null ? List.of()
                : List.of(row("解决方法 Solution", a.resolution().solution()),
                        row("应急处理 Emergency handling", a.resolution().emergencyHandling()),
                        row("维护建议 Maintenance advice", a.resolution().maintenanceAdvice())));
        report.list("巡检结果 Inspection", a.inspection(), i -> join(i.assetId(), i.status(), i.note()));
        report.list("建议 Recommendations", recommendations(a), Function.identity());
        report.table("客户评价 Evaluation", a.evaluation() == null ? List.of()
                : List.of(row("评分 Score", a.evaluation().score() + " / 5"), row("意见 Comment", a.evaluation().comment()),
                        row("签字 Signed by", a.evaluation().signerName())));
        report.list("关闭 Closures", a.closures(), c -> join("第 " + c.cycle() + " 次 cycle " + c.cycle(), c.engineerId(),
                time(c.closedAt())));
        report.list("时间线 Timeline", a.timeline(), t -> join(time(t.at()), t.type(), t.source()));
        return report;
    }

    /** What the customer should do next: the engineer's advice, and every inspected asset that is not fine. */
    private static List<String> recommendations(TicketArchive a) {
        List<String> advice = new ArrayList<>();
        if (a.resolution() != null) {
            addIfText(advice, "日常维护 Maintenance: ", a.resolution().maintenanceAdvice());
            addIfText(advice, "应急处理 Emergency handling: ", a.resolution().emergencyHandling());
        }
        a.inspection().stream().filter(i -> i.status() != null && !"OK".equals(i.status()))
                .forEach(i -> advice.add("关注设备 Watch " + join(i.assetId(), i.status(), i.note())));
        return advice;
    }

    private static void addIfText(List<String> list, String label, String value) {
        if (value != null && !value.isBlank()) {
            list.add(label + value);
        }
    }

    private String time(Instant at) {
        return at == null ? null : times.format(at);
    }

    private static String join(String... parts) {
        return String.join(" · ", Arrays.stream(parts).filter(p -> p != null && !p.isBlank()).toList());
    }
}
