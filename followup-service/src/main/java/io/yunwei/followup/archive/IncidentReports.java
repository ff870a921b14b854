package io.yunwei.followup.archive;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.print.PrintedDocument;
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
        TicketArchive archive = visible(ticketId, actor);
        String number = archive.number() == null ? ticketId : archive.number();
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>事件处理报告 Incident report ")
                .append(e(number)).append("</title></head><body>");
        html.append("<h1>").append(e(TITLE)).append("</h1>");
        for (Section section : sections(ticketId, archive)) {
            if (section.title() != null) {
                html.append("<h2>").append(e(section.title())).append("</h2>");
            }
            if (section.rows().isEmpty()) {
                html.append("<p>—</p>");
            } else if (section.table()) {
                html.append("<table>");
                section.rows().forEach(r -> html.append("<tr><th>").append(e(r.label())).append("</th><td>")
                        .append(e(r.value())).append("</td></tr>"));
                html.append("</table>");
            } else {
                html.append("<ul>");
                section.rows().forEach(r -> html.append("<li>").append(e(r.value())).append("</li>"));
                html.append("</ul>");
            }
        }
        return html.append("</body></html>").toString();
    }

    byte[] pdf(String ticketId, Actor actor) {
        TicketArchive archive = visible(ticketId, actor);
        PrintedDocument pdf = PrintedDocument.titled("事件处理报告 " + (archive.number() == null ? ticketId : archive.number()));
        pdf.title(TITLE);
        for (Section section : sections(ticketId, archive)) {
            if (section.title() != null) {
                pdf.heading(section.title());
            }
            if (section.rows().isEmpty()) {
                pdf.line("—");
            }
            section.rows().forEach(r -> pdf.line(section.table() ? r.label() + ": " + dash(r.value()) : "· " + r.value()));
        }
        return pdf.toPdf();
    }

    private TicketArchive visible(String ticketId, Actor actor) {
        return store.find(TicketArchive.class, ticketId)
                .filter(a -> !a.closures().isEmpty())
                .filter(a -> !actor.hasRole("CUSTOMER") || (actor.customerId() != null
                        && actor.customerId().equals(a.customerId())))
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "REPORT_NOT_FOUND",
                        "No incident report has been issued for ticket " + ticketId + "."));
    }

    private List<Section> sections(String ticketId, TicketArchive a) {
        List<Section> sections = new ArrayList<>();
        sections.add(Section.table(null, row("工单号 Ticket", a.number() == null ? ticketId : a.number()),
                row("渠道 Channel", a.channel()), row("客户 Customer", a.customerId()), row("站点 Site", a.siteId()),
                row("设备 Assets", String.join(", ", a.assetIds())), row("优先级 Priority", a.priority()),
                row("状态 Status", a.status())));
        TicketArchive.FaultFacts f = a.fault();
        sections.add(Section.table("5W1H", row("何时 When", time(f.occurredAt())),
                row("何人 Who", join(f.reportedBy(), f.affectedUsers())), row("何地 Where", f.location()),
                row("何事 What", join(f.symptom(), String.join("; ", f.errorMessages()))),
                row("何因 Why", f.suspectedCause()),
                row("如何 How", join(f.discoveredHow(), f.impact() == null ? null : "impact " + f.impact(),
                        f.urgency() == null ? null : "urgency " + f.urgency()))));
        sections.add(Section.list("派工 Assignments", a.assignments(),
                x -> join(x.engineerName(), x.engineerId(), x.reason(), time(x.at()))));
        sections.add(Section.list("上门 Visits", a.visits(), v -> join(v.visitId(), v.engineerId(),
                "到场 " + time(v.checkedInAt()), "完成 " + time(v.completedAt()), v.outcome(), v.nextVisitReason())));
        sections.add(a.diagnosis() == null ? Section.table("诊断 Diagnosis")
                : Section.table("诊断 Diagnosis", row("现象 Symptom", a.diagnosis().symptomRestated()),
                        row("原因 Cause", a.diagnosis().causeExplained())));
        sections.add(Section.list("方案与决定 Options and decision", a.decisions(), d -> join(String.join(" / ", d.options()),
                d.recommended() == null ? null : "推荐 recommended: " + d.recommended(),
                "选择 chosen: " + d.chosen(), d.decidedBy(), time(d.at()))));
        sections.add(a.resolution() == null ? Section.table("处理结果 Resolution")
                : Section.table("处理结果 Resolution", row("解决方法 Solution", a.resolution().solution()),
                        row("应急处理 Emergency handling", a.resolution().emergencyHandling()),
                        row("维护建议 Maintenance advice", a.resolution().maintenanceAdvice())));
        sections.add(Section.list("巡检结果 Inspection", a.inspection(), i -> join(i.assetId(), i.status(), i.note())));
        sections.add(Section.list("建议 Recommendations", recommendations(a), Function.identity()));
        sections.add(a.evaluation() == null ? Section.table("客户评价 Evaluation")
                : Section.table("客户评价 Evaluation", row("评分 Score", a.evaluation().score() + " / 5"),
                        row("意见 Comment", a.evaluation().comment()), row("签字 Signed by", a.evaluation().signerName())));
        sections.add(Section.list("关闭 Closures", a.closures(), c -> join("第 " + c.cycle() + " 次 cycle " + c.cycle(),
                c.engineerId(), time(c.closedAt()))));
        sections.add(Section.list("时间线 Timeline", a.timeline(), t -> join(time(t.at()), t.type(), t.source())));
        return sections;
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

    private static Row row(String label, String value) {
        return new Row(label, value);
    }

    private String time(Instant at) {
        return at == null ? null : times.format(at);
    }

    private static String join(String... parts) {
        return String.join(" · ", Arrays.stream(parts).filter(p -> p != null && !p.isBlank()).toList());
    }

    private static String dash(String text) {
        return text == null || text.isBlank() ? "—" : text;
    }

    private static String e(String text) {
        return text == null ? "—" : HtmlUtils.htmlEscape(text, "UTF-8");
    }

    private record Row(String label, String value) {
    }

    /** A titled part of the report: label/value rows, or a list of lines. */
    private record Section(String title, boolean table, List<Row> rows) {

        static Section table(String title, Row... rows) {
            return new Section(title, true, List.of(rows));
        }

        static <T> Section list(String title, List<T> items, Function<T, String> line) {
            return new Section(title, false, items.stream().map(i -> new Row(null, line.apply(i))).toList());
        }
    }
}
