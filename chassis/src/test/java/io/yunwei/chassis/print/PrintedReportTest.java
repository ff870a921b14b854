package io.yunwei.chassis.print;

import static io.yunwei.chassis.print.PrintedReport.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class PrintedReportTest {

    private final PrintedReport report = PrintedReport.titled("服务单 Service form T1-V1", "现场服务单 On-site service form")
            .table(null, row("工单 Ticket", "T1"), row("客户 Customer", null))
            .grid("客户授权 Consents", List.of("类型 Type", "授权人 Granted by"), List.of("SYSTEM_LOGIN", "PHOTOS"),
                    type -> List.of(type, "李经理<b>"))
            .table("故障诊断 Diagnosis")
            .list("附件 Evidence", List.of("roller.jpg", "form.png"), name -> name)
            .text("客户签字 Customer signature", "未签字 Not signed");

    @Test
    void writesTheSameContentAsAnEscapedHtmlPage() {
        String html = report.toHtml();

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>服务单 Service form T1-V1</title>",
                "<h1>现场服务单 On-site service form</h1>", "<tr><th>工单 Ticket</th><td>T1</td></tr>",
                "<tr><th>客户 Customer</th><td>—</td></tr>", "<th>类型 Type</th><th>授权人 Granted by</th>",
                "<td>SYSTEM_LOGIN</td><td>李经理&lt;b&gt;</td>", "<h2>故障诊断 Diagnosis</h2><p>—</p>",
                "<li>roller.jpg</li>", "<p>未签字 Not signed</p>").doesNotContain("<b>");
    }

    @Test
    void andAsAPdfWithTheTextExtractable() throws IOException {
        try (PDDocument document = Loader.loadPDF(report.toPdf())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("现场服务单 On-site service form", "工单 Ticket: T1", "客户 Customer: —",
                    "SYSTEM_LOGIN · 李经理<b>", "故障诊断 Diagnosis", "· roller.jpg", "未签字 Not signed");
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo("服务单 Service form T1-V1");
        }
    }
}
