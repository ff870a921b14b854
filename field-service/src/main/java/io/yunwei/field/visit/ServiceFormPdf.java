package io.yunwei.field.visit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import io.yunwei.field.visit.Visit.Consent;
import io.yunwei.field.visit.Visit.EntryQuestion;
import io.yunwei.field.visit.Visit.InspectionItem;
import io.yunwei.field.visit.Visit.Option;

/**
 * The service form as PDF. Chinese text uses STSong-Light, one of the CJK fonts every PDF reader provides
 * (Adobe-GB1, UCS-2 encoding), because no embeddable CJK TrueType font is available from Maven Central; a
 * ToUnicode map keeps the text searchable and extractable in every reader.
 */
final class ServiceFormPdf {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final float MARGIN = 50;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float TEXT = 10.5f;
    private static final float HEADING = 13;

    private final PDDocument document = new PDDocument();
    private final ZoneId zone;
    private final COSName font;
    private final List<PDPage> pages = new ArrayList<>();
    private final List<StringBuilder> contents = new ArrayList<>();
    private float y;

    private ServiceFormPdf(ZoneId zone) {
        this.zone = zone;
        this.font = COSName.getPDFName("F1");
        newPage();
    }

    static byte[] render(String ticketId, Visit visit, ZoneId zone) {
        ServiceFormPdf pdf = new ServiceFormPdf(zone);
        try {
            return pdf.write(ticketId, visit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                pdf.document.close();
            } catch (IOException e) {
                // closing an in-memory document cannot lose anything already written
            }
        }
    }

    private byte[] write(String ticketId, Visit v) throws IOException {
        heading("现场服务单 On-site service form", 16);
        line("工单 Ticket: " + ticketId + "    上门 Visit: " + v.id());
        line("工程师 Engineer: " + v.engineerId() + "    客户 Customer: " + text(v.customerId()));
        line("到达时间 Checked in: " + time(v.checkedInAt()));

        heading("进场检查 Site entry", HEADING);
        if (v.checklist() != null) {
            line("工装 Uniform: " + yes(v.checklist().uniformWorn()) + "    工牌 Badge: " + yes(v.checklist().badgeShown()));
            for (EntryQuestion q : v.checklist().questions()) {
                line(q.topic() + ": " + (q.asked() ? "已询问 asked" : "未询问 not asked") + ", "
                        + (q.answer() == null ? "—" : q.answer()) + ", " + (q.complied() ? "已遵守 complied" : "—")
                        + (q.note() == null ? "" : " (" + q.note() + ")"));
            }
        }
        heading("客户授权 Consents", HEADING);
        for (Consent c : v.consents()) {
            line(c.type() + ": " + c.grantedBy() + ", " + time(c.grantedAt()));
        }
        heading("故障诊断 Diagnosis", HEADING);
        if (v.diagnosis() != null) {
            line("现象 Symptom: " + v.diagnosis().symptomRestated());
            line("原因 Cause: " + v.diagnosis().causeExplained());
        }
        if (v.options() != null) {
            heading("方案与客户决定 Options and decision", HEADING);
            for (Option o : v.options().options()) {
                line("· " + o.title() + (o.title().equals(v.options().recommended()) ? "（推荐 recommended）" : "")
                        + " — 优点 pros: " + o.pros() + "; 缺点 cons: " + o.cons());
            }
            if (v.decision() != null) {
                line("客户选择 Chosen: " + v.decision().chosen() + " — " + v.decision().decidedBy() + ", "
                        + time(v.decision().decidedAt()));
            }
        }
        heading("处理结果 Resolution", HEADING);
        if (v.resolution() != null) {
            line("解决方案 Solution: " + v.resolution().solution());
            line("应急处理 Emergency handling: " + text(v.resolution().emergencyHandling()));
            line("日常维护建议 Maintenance advice: " + text(v.resolution().maintenanceAdvice()));
        }
        heading("相关设备巡检 Inspection", HEADING);
        for (InspectionItem item : v.inspection() == null ? List.<InspectionItem>of() : v.inspection().items()) {
            line(item.assetId() + ": " + item.status() + (item.note() == null ? "" : " — " + item.note()));
        }
        heading("附件 Evidence", HEADING);
        v.evidence().forEach(e -> line(e.filename() + " (" + e.contentType() + ", SHA-256 " + e.sha256() + ")"));
        heading("客户签字 Customer signature", HEADING);
        if (v.serviceForm() == null) {
            line("未签字 Not signed");
        } else {
            line("签字人 Signer: " + v.serviceForm().signerName() + "    评价 Evaluation: "
                    + v.serviceForm().evaluation().score() + "/5 " + text(v.serviceForm().evaluation().comment()));
            line("签字时间 Signed at: " + time(v.serviceForm().signedAt()));
            signature(v.serviceForm().signature());
        }
        if (v.completion() != null) {
            line("结果 Outcome: " + v.completion().outcome() + "    现场已清理 Site cleaned: "
                    + yes(v.completion().cleanupDone()) + "    完成时间 Completed at: " + time(v.completion().completedAt()));
        }

        COSDictionary cjk = cjkFont();
        for (int i = 0; i < pages.size(); i++) {
            // the raw dictionary, not a PDFont: wrapping it would make PDFBox look for a substitute font on this host
            COSDictionary fonts = new COSDictionary();
            fonts.setItem(font, cjk);
            pages.get(i).getResources().getCOSObject().setItem(COSName.FONT, fonts);
            PDStream stream = new PDStream(document);
            try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
                out.write(contents.get(i).toString().getBytes(StandardCharsets.US_ASCII));
            }
            pages.get(i).setContents(stream);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    private void heading(String text, float size) {
        space(size * 2.2f);
        y -= size * 0.8f;
        show(text, size);
        y -= size * 0.6f;
    }

    /** Wraps the text to the page width; CJK characters are one em wide, Latin ones half. */
    private void line(String text) {
        StringBuilder current = new StringBuilder();
        float width = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            float w = (c < 0x80 ? 0.5f : 1f) * TEXT;
            if (width + w > WIDTH && current.length() > 0) {
                emit(current.toString());
                current.setLength(0);
                width = 0;
            }
            current.append(c);
            width += w;
        }
        emit(current.toString());
    }

    private void emit(String text) {
        space(TEXT * 1.6f);
        y -= TEXT * 1.6f;
        show(text, TEXT);
    }

    private void show(String text, float size) {
        StringBuilder hex = new StringBuilder();
        text.chars().forEach(c -> hex.append(HexFormat.of().withUpperCase().toHexDigits((char) c)));
        content().append("BT /F1 ").append(size).append(" Tf ").append(MARGIN).append(' ').append(y)
                .append(" Td <").append(hex).append("> Tj ET\n");
    }

    private void signature(String base64) {
        PDImageXObject image;
        try {
            image = PDImageXObject.createFromByteArray(document, Base64.getDecoder().decode(base64), "signature");
        } catch (IOException | IllegalArgumentException e) {
            // the header said PNG or JPEG but the rest does not decode: the form is still worth printing
            line("（签名图像无法显示 signature image unreadable）");
            return;
        }
        float height = 60;
        float width = Math.min(WIDTH, image.getWidth() * height / Math.max(1, image.getHeight()));
        space(height + 10);
        y -= height + 6;
        COSName name = pages.getLast().getResources().add(image);
        content().append("q ").append(width).append(" 0 0 ").append(height).append(' ').append(MARGIN).append(' ')
                .append(y).append(" cm /").append(name.getName()).append(" Do Q\n");
    }

    private void space(float needed) {
        if (y - needed < MARGIN) {
            newPage();
        }
    }

    private void newPage() {
        PDPage page = new PDPage(PDRectangle.A4);
        page.setResources(new PDResources());
        document.addPage(page);
        pages.add(page);
        contents.add(new StringBuilder());
        y = PDRectangle.A4.getHeight() - MARGIN;
    }

    private StringBuilder content() {
        return contents.getLast();
    }

    /** STSong-Light in UCS-2, with half-width Latin glyphs and an identity ToUnicode map. */
    private COSDictionary cjkFont() throws IOException {
        COSDictionary info = new COSDictionary();
        info.setString(COSName.REGISTRY, "Adobe");
        info.setString(COSName.ORDERING, "GB1");
        info.setInt(COSName.SUPPLEMENT, 4);

        COSDictionary descriptor = new COSDictionary();
        descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
        descriptor.setName(COSName.FONT_NAME, "STSong-Light");
        descriptor.setInt(COSName.FLAGS, 6);
        COSArray bbox = new COSArray();
        for (int v : new int[] {-25, -254, 1000, 880}) {
            bbox.add(COSInteger.get(v));
        }
        descriptor.setItem(COSName.FONT_BBOX, bbox);
        descriptor.setInt(COSName.ITALIC_ANGLE, 0);
        descriptor.setInt(COSName.ASCENT, 880);
        descriptor.setInt(COSName.DESCENT, -120);
        descriptor.setInt(COSName.CAP_HEIGHT, 880);
        descriptor.setInt(COSName.STEM_V, 93);

        COSDictionary cid = new COSDictionary();
        cid.setItem(COSName.TYPE, COSName.FONT);
        cid.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE0);
        cid.setName(COSName.BASE_FONT, "STSong-Light");
        cid.setItem(COSName.CIDSYSTEMINFO, info);
        cid.setItem(COSName.FONT_DESC, descriptor);
        cid.setInt(COSName.DW, 1000);
        COSArray widths = new COSArray();
        widths.add(COSInteger.get(1));
        widths.add(COSInteger.get(95));
        widths.add(COSInteger.get(500));
        cid.setItem(COSName.W, widths);

        COSDictionary type0 = new COSDictionary();
        type0.setItem(COSName.TYPE, COSName.FONT);
        type0.setItem(COSName.SUBTYPE, COSName.TYPE0);
        type0.setName(COSName.BASE_FONT, "STSong-Light-UniGB-UCS2-H");
        type0.setName(COSName.ENCODING, "UniGB-UCS2-H");
        COSArray descendants = new COSArray();
        descendants.add(cid);
        type0.setItem(COSName.DESCENDANT_FONTS, descendants);
        type0.setItem(COSName.TO_UNICODE, toUnicode());
        return type0;
    }

    private COSStream toUnicode() throws IOException {
        StringBuilder cmap = new StringBuilder("""
                /CIDInit /ProcSet findresource begin
                12 dict begin
                begincmap
                /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
                /CMapName /Adobe-Identity-UCS def
                /CMapType 2 def
                1 begincodespacerange
                <0000> <FFFF>
                endcodespacerange
                """);
        for (int block = 0; block < 256; block += 100) {
            int end = Math.min(256, block + 100);
            cmap.append(end - block).append(" beginbfrange\n");
            for (int high = block; high < end; high++) {
                String h = HexFormat.of().withUpperCase().toHexDigits((byte) high);
                cmap.append('<').append(h).append("00> <").append(h).append("FF> <").append(h).append("00>\n");
            }
            cmap.append("endbfrange\n");
        }
        cmap.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        COSStream stream = document.getDocument().createCOSStream();
        try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(cmap.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return stream;
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
