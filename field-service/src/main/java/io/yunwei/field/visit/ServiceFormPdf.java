package io.yunwei.field.visit;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

import io.yunwei.chassis.print.PrintedDocument;
import io.yunwei.field.visit.Visit.Consent;
import io.yunwei.field.visit.Visit.EntryQuestion;
import io.yunwei.field.visit.Visit.InspectionItem;
import io.yunwei.field.visit.Visit.Option;

/** The service form as PDF, with the same content as {@link ServiceFormPage}, printed in the chassis' embedded font. */
final class ServiceFormPdf {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;

    private ServiceFormPdf(ZoneId zone) {
        this.zone = zone;
    }

    static byte[] render(String ticketId, Visit visit, ZoneId zone) {
        return new ServiceFormPdf(zone).write(PrintedDocument.titled("服务单 Service form " + visit.id()), ticketId, visit);
    }

    private byte[] write(PrintedDocument pdf, String ticketId, Visit v) {
        pdf.title("现场服务单 On-site service form")
                .line("工单 Ticket: " + ticketId + "    上门 Visit: " + v.id())
                .line("工程师 Engineer: " + v.engineerId() + "    客户 Customer: " + text(v.customerId()))
                .line("到达时间 Checked in: " + time(v.checkedInAt()));

        pdf.heading("进场检查 Site entry");
        if (v.checklist() != null) {
            pdf.line("工装 Uniform: " + yes(v.checklist().uniformWorn()) + "    工牌 Badge: " + yes(v.checklist().badgeShown()));
            for (EntryQuestion q : v.checklist().questions()) {
                pdf.line(q.topic() + ": " + (q.asked() ? "已询问 asked" : "未询问 not asked") + ", "
                        + (q.answer() == null ? "—" : q.answer()) + ", " + (q.complied() ? "已遵守 complied" : "—")
                        + (q.note() == null ? "" : " (" + q.note() + ")"));
            }
        }
        pdf.heading("客户授权 Consents");
        for (Consent c : v.consents()) {
            pdf.line(c.type() + ": " + c.grantedBy() + ", " + time(c.grantedAt()));
        }
        pdf.heading("故障诊断 Diagnosis");
        if (v.diagnosis() != null) {
            pdf.line("现象 Symptom: " + v.diagnosis().symptomRestated())
                    .line("原因 Cause: " + v.diagnosis().causeExplained());
        }
        if (v.options() != null) {
            pdf.heading("方案与客户决定 Options and decision");
            for (Option o : v.options().options()) {
                pdf.line("· " + o.title() + (o.title().equals(v.options().recommended()) ? "（推荐 recommended）" : "")
                        + " — 优点 pros: " + o.pros() + "; 缺点 cons: " + o.cons());
            }
            if (v.decision() != null) {
                pdf.line("客户选择 Chosen: " + v.decision().chosen() + " — " + v.decision().decidedBy() + ", "
                        + time(v.decision().decidedAt()));
            }
        }
        pdf.heading("处理结果 Resolution");
        if (v.resolution() != null) {
            pdf.line("解决方案 Solution: " + v.resolution().solution())
                    .line("应急处理 Emergency handling: " + text(v.resolution().emergencyHandling()))
                    .line("日常维护建议 Maintenance advice: " + text(v.resolution().maintenanceAdvice()));
        }
        pdf.heading("相关设备巡检 Inspection");
        for (InspectionItem item : v.inspection() == null ? List.<InspectionItem>of() : v.inspection().items()) {
            pdf.line(item.assetId() + ": " + item.status() + (item.note() == null ? "" : " — " + item.note()));
        }
        pdf.heading("附件 Evidence");
        v.evidence().forEach(e -> pdf.line(e.filename() + " (" + e.contentType() + ", SHA-256 " + e.sha256() + ")"));
        pdf.heading("客户签字 Customer signature");
        if (v.serviceForm() == null) {
            pdf.line("未签字 Not signed");
        } else {
            pdf.line("签字人 Signer: " + v.serviceForm().signerName() + "    评价 Evaluation: "
                            + v.serviceForm().evaluation().score() + "/5 " + text(v.serviceForm().evaluation().comment()))
                    .line("签字时间 Signed at: " + time(v.serviceForm().signedAt()))
                    .image(signature(v.serviceForm().signature()), 60, "（签名图像无法显示 signature image unreadable）");
        }
        if (v.completion() != null) {
            pdf.line("结果 Outcome: " + v.completion().outcome() + "    现场已清理 Site cleaned: "
                    + yes(v.completion().cleanupDone()) + "    完成时间 Completed at: " + time(v.completion().completedAt()));
        }
        return pdf.toPdf();
    }

    private static byte[] signature(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // the form is still worth printing; PrintedDocument prints the fallback line for undecodable bytes
            return new byte[0];
        }
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
