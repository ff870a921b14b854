package io.yunwei.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A self-contained HTML page of scatter/line charts in inline SVG: no script, no library, opens anywhere. */
public final class Chart {

    public record Point(double x, double y) {
    }

    public record Series(String name, String color, boolean line, List<Point> points) {
    }

    private record Panel(String title, String xLabel, String yLabel, boolean logY, List<Series> series) {
    }

    private final String title;
    private final List<Panel> panels = new ArrayList<>();

    public Chart(String title) {
        this.title = title;
    }

    public Chart panel(String title, String xLabel, String yLabel, boolean logY, List<Series> series) {
        panels.add(new Panel(title, xLabel, yLabel, logY, series));
        return this;
    }

    public String html() {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>").append(escape(title))
                .append("</title><body style=\"font-family:sans-serif\"><h1>").append(escape(title)).append("</h1>");
        for (Panel panel : panels) {
            html.append("<h2>").append(escape(panel.title)).append("</h2>").append(svg(panel));
        }
        return html.append("</body>").toString();
    }

    private static String svg(Panel panel) {
        int w = 900;
        int h = 320;
        int left = 70;
        int bottom = 40;
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 1;
        double minY = Double.MAX_VALUE;
        for (Series s : panel.series) {
            for (Point p : s.points) {
                minX = Math.min(minX, p.x);
                maxX = Math.max(maxX, p.x);
                maxY = Math.max(maxY, p.y);
                minY = Math.min(minY, p.y);
            }
        }
        if (minX == Double.MAX_VALUE) {
            return "<p>(no data)</p>";
        }
        double lo = panel.logY ? Math.max(0.1, minY) : 0;
        double x0 = minX;
        double xSpan = Math.max(1e-9, maxX - minX);
        double loY = lo;
        double hiY = maxY;
        java.util.function.DoubleUnaryOperator sx = x -> left + (x - x0) / xSpan * (w - left - 20);
        java.util.function.DoubleUnaryOperator sy = y -> {
            double f = panel.logY ? (Math.log10(Math.max(loY, y)) - Math.log10(loY)) / Math.max(1e-9, Math.log10(hiY) - Math.log10(loY))
                    : (y - loY) / Math.max(1e-9, hiY - loY);
            return h - bottom - f * (h - bottom - 20);
        };
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=%d height=%d style=\"border:1px solid #ccc\" xmlns=\"http://www.w3.org/2000/svg\">", w, h));
        svg.append(String.format(Locale.ROOT, "<line x1=%d y1=%d x2=%d y2=%d stroke=black />", left, h - bottom, w - 20, h - bottom));
        svg.append(String.format(Locale.ROOT, "<line x1=%d y1=20 x2=%d y2=%d stroke=black />", left, left, h - bottom));
        for (int i = 0; i <= 4; i++) {
            double y = panel.logY ? Math.pow(10, Math.log10(lo) + i * (Math.log10(maxY) - Math.log10(lo)) / 4) : lo + i * (maxY - lo) / 4;
            double py = sy.applyAsDouble(y);
            svg.append(String.format(Locale.ROOT, "<text x=5 y=%.0f font-size=11>%.0f</text><line x1=%d y1=%.0f x2=%d y2=%.0f stroke=#eee />",
                    py + 4, y, left, py, w - 20, py));
            double x = minX + i * xSpan / 4;
            svg.append(String.format(Locale.ROOT, "<text x=%.0f y=%d font-size=11>%.0f</text>", sx.applyAsDouble(x) - 10, h - bottom + 15, x));
        }
        svg.append(String.format(Locale.ROOT, "<text x=%d y=%d font-size=12>%s</text>", w / 2, h - 5, escape(panel.xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=5 y=14 font-size=12>%s%s</text>", escape(panel.yLabel), panel.logY ? " (log)" : ""));
        int legend = left + 10;
        for (Series s : panel.series) {
            if (s.line) {
                StringBuilder path = new StringBuilder();
                for (Point p : s.points) {
                    path.append(path.isEmpty() ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f ",
                            sx.applyAsDouble(p.x), sy.applyAsDouble(p.y)));
                }
                svg.append("<path d=\"").append(path).append("\" fill=none stroke=").append(s.color).append(" />");
            } else {
                for (Point p : s.points) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=%.1f cy=%.1f r=2 fill=%s fill-opacity=0.6 />",
                            sx.applyAsDouble(p.x), sy.applyAsDouble(p.y), s.color));
                }
            }
            svg.append(String.format(Locale.ROOT, "<rect x=%d y=24 width=10 height=10 fill=%s /><text x=%d y=33 font-size=11>%s</text>",
                    legend, s.color, legend + 14, escape(s.name)));
            legend += 20 + 7 * s.name.length();
        }
        return svg.append("</svg>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
