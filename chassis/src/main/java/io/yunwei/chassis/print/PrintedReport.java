package io.yunwei.chassis.print;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import org.springframework.web.util.HtmlUtils;

/**
 * A printable document (a service form, an incident report) as titled sections, written once and given as an HTML
 * page or an A4 PDF with the same content. Sections are label/value tables, grids with a header row, lists of lines,
 * a line of text, or an image; a section with nothing in it shows a dash. Every value is HTML-escaped.
 */
public final class PrintedReport {

    private static final String STYLE = "body{font-family:'Noto Sans SC','Microsoft YaHei',sans-serif;margin:2em;}"
            + "table{border-collapse:collapse;width:100%;margin-bottom:1em;}"
            + "th,td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top;}"
            + "h2{font-size:1.1em;margin-top:1.5em;} img{max-height:80px;} @media print{body{margin:0;}}";
    private static final String EMPTY = "—";

    private final String documentTitle;
    private final String heading;
    private final List<Section> sections = new ArrayList<>();

    private PrintedReport(String documentTitle, String heading) {
        this.documentTitle = documentTitle;
        this.heading = heading;
    }

    /**
     * @param documentTitle what a browser tab or PDF viewer shows
     * @param heading the title printed at the top
     */
    public static PrintedReport titled(String documentTitle, String heading) {
        return new PrintedReport(documentTitle, heading);
    }

    public static Row row(String label, String value) {
        return new Row(label, value);
    }

    /** Label/value rows under a heading ({@code title} may be null: rows straight under the last section). */
    public PrintedReport table(String title, Row... rows) {
        return table(title, List.of(rows));
    }

    public PrintedReport table(String title, List<Row> rows) {
        sections.add(new Table(title, List.copyOf(rows)));
        return this;
    }

    /** Rows of cells under a header row. */
    public <T> PrintedReport grid(String title, List<String> header, List<T> items, Function<T, List<String>> cells) {
        sections.add(new Grid(title, List.copyOf(header), items.stream().map(cells).map(List::copyOf).toList()));
        return this;
    }

    /** One line per item. */
    public <T> PrintedReport list(String title, List<T> items, Function<T, String> line) {
        sections.add(new Lines(title, items.stream().map(line).toList()));
        return this;
    }

    /** A line of text. */
    public PrintedReport text(String title, String text) {
        sections.add(new Lines(title, List.of(text), true));
        return this;
    }

    /**
     * An image (PNG or JPEG, base64 as stored); a PDF prints {@code unreadable} instead when the bytes do not decode,
     * the document being still worth having.
     */
    public PrintedReport image(String alt, String base64, String unreadable) {
        sections.add(new Image(alt, base64, unreadable));
        return this;
    }

    public String toHtml() {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>").append(e(documentTitle))
                .append("</title><style>").append(STYLE).append("</style></head><body><h1>").append(e(heading))
                .append("</h1>");
        for (Section section : sections) {
            if (section.title() != null) {
                html.append("<h2>").append(e(section.title())).append("</h2>");
            }
            switch (section) {
                case Table t when t.rows().isEmpty() -> html.append("<p>").append(EMPTY).append("</p>");
                case Table t -> {
                    html.append("<table>");
                    t.rows().forEach(r -> html.append("<tr><th>").append(e(r.label())).append("</th><td>")
                            .append(e(dash(r.value()))).append("</td></tr>"));
                    html.append("</table>");
                }
                case Grid g -> {
                    html.append("<table><tr>");
                    g.header().forEach(h -> html.append("<th>").append(e(h)).append("</th>"));
                    html.append("</tr>");
                    g.rows().forEach(cells -> {
                        html.append("<tr>");
                        cells.forEach(c -> html.append("<td>").append(e(c)).append("</td>"));
                        html.append("</tr>");
                    });
                    html.append("</table>");
                }
                case Lines l when l.lines().isEmpty() -> html.append("<p>").append(EMPTY).append("</p>");
                case Lines l when l.single() -> html.append("<p>").append(e(l.lines().getFirst())).append("</p>");
                case Lines l -> {
                    html.append("<ul>");
                    l.lines().forEach(line -> html.append("<li>").append(e(line)).append("</li>"));
                    html.append("</ul>");
                }
                case Image i -> html.append("<img alt=\"").append(e(i.alt())).append("\" src=\"data:")
                        .append(i.base64().startsWith("/9j/") ? "image/jpeg" : "image/png").append(";base64,")
                        .append(e(i.base64())).append("\">");
            }
        }
        return html.append("</body></html>").toString();
    }

    public byte[] toPdf() {
        PrintedDocument pdf = PrintedDocument.titled(documentTitle);
        pdf.title(heading);
        for (Section section : sections) {
            if (section.title() != null) {
                pdf.heading(section.title());
            }
            switch (section) {
                case Table t when t.rows().isEmpty() -> pdf.line(EMPTY);
                case Table t -> t.rows().forEach(r -> pdf.line(r.label() + ": " + dash(r.value())));
                case Grid g -> g.rows().forEach(cells -> pdf.line(joined(cells)));
                case Lines l when l.lines().isEmpty() -> pdf.line(EMPTY);
                case Lines l when l.single() -> pdf.line(l.lines().getFirst());
                case Lines l -> l.lines().forEach(line -> pdf.line("· " + line));
                case Image i -> pdf.image(decoded(i.base64()), 60, i.unreadable());
            }
        }
        return pdf.toPdf();
    }

    private static String joined(List<String> cells) {
        return String.join(" · ", cells.stream().filter(c -> c != null && !c.isBlank()).toList());
    }

    private static byte[] decoded(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // PrintedDocument prints the fallback line for bytes that are no image
            return new byte[0];
        }
    }

    private static String dash(String text) {
        return text == null || text.isBlank() ? EMPTY : text;
    }

    private static String e(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }

    /** A label and its value; a blank value prints as a dash in the PDF. */
    public record Row(String label, String value) {
    }

    private sealed interface Section permits Table, Grid, Lines, Image {
        String title();
    }

    private record Table(String title, List<Row> rows) implements Section {
    }

    private record Grid(String title, List<String> header, List<List<String>> rows) implements Section {
    }

    /** @param single a line of text rather than a list */
    private record Lines(String title, List<String> lines, boolean single) implements Section {

        Lines(String title, List<String> lines) {
            this(title, lines, false);
        }
    }

    private record Image(String alt, String base64, String unreadable) implements Section {

        @Override
        public String title() {
            return null;
        }
    }
}
