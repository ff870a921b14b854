package io.yunwei.field.visit;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.springframework.web.util.HtmlUtils;

import io.yunwei.field.visit.Visit.Consent;
import io.yunwei.field.visit.Visit.EntryQuestion;
import io.yunwei.field.visit.Visit.InspectionItem;
import io.yunwei.field.visit.Visit.Option;

/**
 * The printable service form (服务单): what was done on site, the consents, the customer's decision, the
 * inspection and the customer's signature, in Chinese with English labels. Every value is HTML-escaped.
 */
final class ServiceFormPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final StringBuilder html = new StringBuilder();
    private final ZoneId zone;

    private ServiceFormPage(ZoneId zone) {
        this.zone = zone;
    }

    static String render(String ticketId, Visit visit, ZoneId zone) {
        return new ServiceFormPage(zone).page(ticketId, visit);
    }

    private String page(String ticketId, Visit v) {
        html.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>服务单 Service form ")
                .append(esc(v.id())).append("</title><style>")
                .append("body{font-family:'Noto Sans SC','Microsoft YaHei',sans-serif;margin:2em;}")
                .append("table{border-collapse:collapse;width:100%;margin-bottom:1em;}")
                .append("th,td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top;}")
                .append("h2{font-size:1.1em;margin-top:1.5em;} img.signature{max-height:80px;}")
                .append("@media print{body{margin:0;}}</style></head><body>");
        html.append("<h1>现场服务单 On-site service form</h1>");
        table(row("工单 Ticket", ticketId), row("上门 Visit", v.id()), row("派工 Dispatch", v.dispatchId()),
                row("工程师 Engineer", v.engineerId()), row("客户 Customer", v.customerId()),
                row("到达时间 Checked in", time(v.checkedInAt())));

        html.append("<h2>进场检查 Site entry</h2>");
        if (v.checklist() == null) {
            html.append("<p>—</p>");
        } else {
            table(row("工装 Uniform", yes(v.checklist().uniformWorn())), row("工牌 Badge", yes(v.checklist().badgeShown())));
            html.append("<table><tr><th>事项 Topic</th><th>已询问 Asked</th><th>客户答复 Answer</th>")
                    .append("<th>已遵守 Complied</th><th>备注 Note</th></tr>");
            for (EntryQuestion q : v.checklist().questions()) {
                cells(q.topic().name(), yes(q.asked()), q.answer() == null ? "" : q.answer().name(), yes(q.complied()),
                        q.note());
            }
            html.append("</table>");
        }

        html.append("<h2>客户授权 Consents</h2><table><tr><th>类型 Type</th><th>授权人 Granted by</th><th>时间 Time</th></tr>");
        for (Consent c : v.consents()) {
            cells(c.type().name(), c.grantedBy(), time(c.grantedAt()));
        }
        html.append("</table>");

        html.append("<h2>故障诊断 Diagnosis</h2>");
        if (v.diagnosis() != null) {
            table(row("现象 Symptom", v.diagnosis().symptomRestated()), row("原因 Cause", v.diagnosis().causeExplained()));
        }
        if (v.options() != null) {
            html.append("<h2>方案与客户决定 Options and decision</h2><table><tr><th>方案 Option</th><th>优点 Pros</th>")
                    .append("<th>缺点 Cons</th></tr>");
            for (Option o : v.options().options()) {
                cells(o.title() + (o.title().equals(v.options().recommended()) ? "（推荐 recommended）" : ""), o.pros(),
                        o.cons());
            }
            html.append("</table>");
            if (v.decision() != null) {
                table(row("客户选择 Chosen", v.decision().chosen()), row("决定人 Decided by", v.decision().decidedBy()),
                        row("时间 Time", time(v.decision().decidedAt())));
            }
        }

        html.append("<h2>处理结果 Resolution</h2>");
        if (v.resolution() != null) {
            table(row("解决方案 Solution", v.resolution().solution()),
                    row("应急处理 Emergency handling", v.resolution().emergencyHandling()),
                    row("日常维护建议 Maintenance advice", v.resolution().maintenanceAdvice()));
        }

        html.append("<h2>相关设备巡检 Inspection</h2><table><tr><th>设备 Asset</th><th>状态 Status</th><th>说明 Note</th></tr>");
        for (InspectionItem item : v.inspection() == null ? List.<InspectionItem>of() : v.inspection().items()) {
            cells(item.assetId(), item.status().name(), item.note());
        }
        html.append("</table>");

        html.append("<h2>附件 Evidence</h2><ul>");
        v.evidence().forEach(e -> html.append("<li>").append(esc(e.filename())).append(" (").append(esc(e.contentType()))
                .append(", SHA-256 ").append(esc(e.sha256())).append(")</li>"));
        html.append("</ul>");

        html.append("<h2>客户签字 Customer signature</h2>");
        if (v.serviceForm() == null) {
            html.append("<p>未签字 Not signed</p>");
        } else {
            table(row("签字人 Signer", v.serviceForm().signerName()),
                    row("评价 Evaluation", v.serviceForm().evaluation().score() + "/5 "
                            + (v.serviceForm().evaluation().comment() == null ? "" : v.serviceForm().evaluation().comment())),
                    row("签字时间 Signed at", time(v.serviceForm().signedAt())));
            String image = v.serviceForm().signature();
            String type = image.startsWith("/9j/") ? "image/jpeg" : "image/png";
            html.append("<img class=\"signature\" alt=\"signature\" src=\"data:").append(type).append(";base64,")
                    .append(esc(image)).append("\">");
        }
        if (v.completion() != null) {
            table(row("结果 Outcome", v.completion().outcome().name()), row("现场已清理 Site cleaned", yes(v.completion().cleanupDone())),
                    row("完成时间 Completed at", time(v.completion().completedAt())));
        }
        return html.append("</body></html>").toString();
    }

    private void table(String... rows) {
        html.append("<table>");
        for (String row : rows) {
            html.append(row);
        }
        html.append("</table>");
    }

    private static String row(String label, String value) {
        return "<tr><th>" + esc(label) + "</th><td>" + esc(value) + "</td></tr>";
    }

    private void cells(String... values) {
        html.append("<tr>");
        for (String value : values) {
            html.append("<td>").append(esc(value)).append("</td>");
        }
        html.append("</tr>");
    }

    private String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    private static String yes(boolean value) {
        return value ? "是 Yes" : "否 No";
    }

    private static String esc(String value) {
        return value == null ? "" : HtmlUtils.htmlEscape(value, "UTF-8");
    }
}
