package io.yunwei.chassis.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class PrintedDocumentTest {

    @Test
    void embedsTheChineseFontAndKeepsTheTextExtractable() throws IOException {
        byte[] pdf = PrintedDocument.titled("事件处理报告")
                .title("事件处理报告 Incident report")
                .heading("故障诊断 Diagnosis")
                .line("打印机频繁卡纸：搓纸轮老化，已更换。The pick-up roller was worn and has been replaced.")
                .toPdf();

        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("事件处理报告 Incident report", "打印机频繁卡纸：搓纸轮老化，已更换。",
                    "pick-up roller");
            PDFont font = document.getPage(0).getResources().getFont(
                    document.getPage(0).getResources().getFontNames().iterator().next());
            assertThat(font.isEmbedded()).isTrue();
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo("事件处理报告");
        }
    }

    @Test
    void wrapsLongTextAndBreaksPages() throws IOException {
        PrintedDocument printed = PrintedDocument.titled("long");
        String paragraph = "现场工程师检查了机房的不间断电源，并向客户说明了告警的原因。".repeat(20);
        for (int i = 0; i < 30; i++) {
            printed.line(i + " " + paragraph);
        }
        try (PDDocument document = Loader.loadPDF(printed.toPdf())) {
            assertThat(document.getNumberOfPages()).isGreaterThan(3);
            String text = new PDFTextStripper().getText(document).replace("\n", "").replace("\r", "");
            assertThat(text).contains("29 现场工程师");
        }
    }

    @Test
    void wrapsEnglishTextBetweenWordsAndChineseBetweenCharacters() throws IOException {
        String english = "The engineer replaced the worn pick-up roller, cleaned the paper path and printed twenty test"
                + " pages without a single jam; the customer signed the service form and asked for a quarterly check.";
        String chinese = "工程师更换了磨损的搓纸轮，清理了纸道，连续打印二十页测试页均未卡纸，客户签字确认并要求每季度巡检一次。".repeat(2);
        byte[] pdf = PrintedDocument.titled("wrap").line(english).line(chinese).toPdf();

        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<String> lines = new PDFTextStripper().getText(document).lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
            List<String> englishLines = lines.stream().filter(line -> line.matches("[ -~]+")).toList();
            assertThat(englishLines).hasSizeGreaterThan(1);
            assertThat(String.join(" ", englishLines)).isEqualTo(english);
            assertThat(String.join("", lines.stream().filter(line -> !englishLines.contains(line)).toList()))
                    .isEqualTo(chinese);
        }
    }

    @Test
    void printsMissingGlyphsAndControlCharactersAsQuestionMarks() throws IOException {
        byte[] pdf = PrintedDocument.titled("glyphs").line("签名 ✍\u0007 done").toPdf();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("签名 ?? done");
        }
    }

    @Test
    void drawsImagesAndFallsBackToTextForUndecodableBytes() throws IOException {
        BufferedImage signature = new BufferedImage(120, 40, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(signature, "png", png);

        byte[] pdf = PrintedDocument.titled("images")
                .image(png.toByteArray(), 60, "unreadable")
                .image(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}, 60, "签名图像无法显示")
                .toPdf();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getPage(0).getResources().getXObjectNames()).hasSize(1);
            assertThat(new PDFTextStripper().getText(document)).contains("签名图像无法显示")
                    .doesNotContain("unreadable");
        }
    }
}
