package io.yunwei.field.visit;

import static io.yunwei.chassis.print.PrintedReport.row;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.yunwei.chassis.print.PrintedReport;
import io.yunwei.field.visit.Visit.InspectionItem;

/**
 * The printable service form (服务单): what was done on site, the consents, the customer's decision, the inspection
 * and the customer's signature, in Chinese with English labels; one content for the HTML page and the PDF.
 */
final class ServiceFormPrint {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;

    private ServiceFormPrint(ZoneId zone) {
        this.zone = zone;
    }

    static PrintedReport of(String ticketId, Visit visit, ZoneId zone) {
        return new ServiceFormPrint(zone).report(ticketId, visit);
    }

    private PrintedReport report(String ticketId, Visit v) {
        PrintedReport form = PrintedReport.titled("服务单 Service form " + v.id(), "现场服务单 On-site service form");
        form.table(null, row("工单 Ticket", ticketId), row("上门 Visit", v.id()), row("派工 Dispatch", v.dispatchId()),
                row("工程师 Engineer", v.engineerId()), row("客户 Customer", v.customerId()),
                row("到达时间 Checked in", time(v.checkedInAt())));
        if (v.checklist() == null) {
            form.table("进场检查 Site entry");
        } else {
            form.table("进场检查 Site entry", row("工装 Uniform", yes(v.checklist().uniformWorn())),
                    row("工牌 Badge", yes(v.checklist().badgeShown())));
            form.grid(null, List.of("事项 Topic", "已询问 Asked", "客户答复 Answer", "已遵守 Complied", "备注 Note"),
                    v.checklist().questions(), q -> List.of(q.topic().name(), yes(q.asked()),
                            q.answer() == null ? "" : q.answer().name(), yes(q.complied()), text(q.note())));
        }
        form.grid("客户授权 Consents", List.of("类型 Type", "授权人 Granted by", "时间 Time"), v.consents(),
                c -> List.of(c.type().name(), text(c.grantedBy()), time(c.grantedAt())));
        form.table("故障诊断 Diagnosis", v.diagnosis() == null ? List.of()
                : List.of(row("现象 Symptom", v.diagnosis().symptomRestated()),
                        row("原因 Cause", v.diagnosis().causeExplained())));
        if (v.options() != null) {
            form.grid("方案与客户决定 Options and decision", List.of("方案 Option", "优点 Pros", "缺点 Cons"),
                    v.options().options(), o -> List.of(o.title() + (o.title().equals(v.options().recommended())
                            ? "（推荐 recommended）" : ""), text(o.pros()), text(o.cons())));
            if (v.decision() != null) {
                form.table(null, row("客户选择 Chosen", v.decision().chosen()),
                        row("决定人 Decided by", v.decision().decidedBy()), row("时间 Time", time(v.decision().decidedAt())));
            }
        }
        form.table("处理结果 Resolution", v.resolution() == null ? List.of()
                : List.of(row("解决方案 Solution", v.resolution().solution()),
                        row("应急处理 Emergency handling", v.resolution().emergencyHandling()),
                        row("日常维护建议 Maintenance advice", v.resolution().maintenanceAdvice())));
        form.grid("相关设备巡检 Inspection", List.of("设备 Asset", "状态 Status", "说明 Note"),
                v.inspection() == null ? List.<InspectionItem>of() : v.inspection().items(),
                item -> List.of(item.assetId(), item.status().name(), text(item.note())));
        form.list("附件 Evidence", v.evidence(), e -> e.filename() + " (" + e.contentType() + ", SHA-256 " + e.sha256() + ")");
        if (v.serviceForm() == null) {
            form.text("客户签字 Customer signature", "未签字 Not signed");
        } else {
            form.table("客户签字 Customer signature", row("签字人 Signer", v.serviceForm().signerName()),
                    row("评价 Evaluation", v.serviceForm().evaluation().score() + "/5 "
                            + text(v.serviceForm().evaluation().comment())),
                    row("签字时间 Signed at", time(v.serviceForm().signedAt())));
            form.image("signature", v.serviceForm().signature(), "（签名图像无法显示 signature image unreadable）");
        }
        if (v.completion() != null) {
            form.table(null, row("结果 Outcome", v.completion().outcome().name()),
                    row("现场已清理 Site cleaned", yes(v.completion().cleanupDone())),
                    row("完成时间 Completed at", time(v.completion().completedAt())));
        }
        return form;
    }

    private String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    private static String yes(boolean value) {
        return value ? "是 Yes" : "否 No";
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
