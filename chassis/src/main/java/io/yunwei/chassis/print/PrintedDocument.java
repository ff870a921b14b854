package io.yunwei.chassis.print;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A printable A4 document — service forms, incident reports — written top to bottom: headings, wrapped lines
 * of text and images, with page breaks where needed. Text is set in an embedded subset of WenQuanYi Micro Hei
 * (GB 2312, Latin, punctuation), so Chinese renders the same in every reader and the text can be extracted
 * and searched; a character the font lacks prints as "?" rather than failing the document.
 *
 * <p>Not thread-safe; one instance per document. {@link #toPdf()} finishes and releases it.
 */
public final class PrintedDocument implements AutoCloseable {

    private static final String FONT = "wqy-microhei-gb2312.ttf";
    private static final float MARGIN = 50;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float TEXT_SIZE = 10.5f;
    private static final float LEADING = 1.6f;

    private final PDDocument document = new PDDocument();
    private final PDType0Font font;
    private final Map<Integer, Boolean> printable = new HashMap<>();
    private PDPageContentStream page;
    private float y;

    private PrintedDocument(String title) {
        try (InputStream in = PrintedDocument.class.getResourceAsStream(FONT)) {
            if (in == null) {
                throw new IllegalStateException("font " + FONT + " missing from the classpath");
            }
            font = PDType0Font.load(document, in, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the document font", e);
        }
        PDDocumentInformation info = new PDDocumentInformation();
        info.setTitle(title);
        info.setCreator("Yunwei");
        document.setDocumentInformation(info);
        newPage();
    }

    /** A new document whose metadata title is {@code title}; nothing is printed yet. */
    public static PrintedDocument titled(String title) {
        return new PrintedDocument(title);
    }

    /** The document's title line, large. */
    public PrintedDocument title(String text) {
        return heading(text, 16);
    }

    /** A section heading. */
    public PrintedDocument heading(String text) {
        return heading(text, 13);
    }

    private PrintedDocument heading(String text, float size) {
        room(size * 2.2f);
        y -= size * 1.4f;
        show(text, size);
        y -= size * 0.4f;
        return this;
    }

    /**
     * A paragraph, wrapped to the page width: after the last space that fits (English and other spaced text), or
     * between characters where a line has no space (Chinese). A null or blank text prints as an empty line.
     */
    public PrintedDocument line(String text) {
        String value = text == null ? "" : text;
        StringBuilder current = new StringBuilder();
        float width = 0;
        int i = 0;
        while (i < value.length()) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            String glyph = printable(cp) ? Character.toString(cp) : "?";
            float w = width(glyph, TEXT_SIZE);
            if (width + w > WIDTH && !current.isEmpty()) {
                int space = current.lastIndexOf(" ");
                String carried = space > 0 ? current.substring(space + 1) : null;
                float carriedWidth = carried == null ? 0 : width(carried, TEXT_SIZE);
                if (carried != null && !glyph.equals(" ") && !Character.isIdeographic(cp)
                        && carried.codePoints().noneMatch(Character::isIdeographic) && carriedWidth + w <= WIDTH) {
                    // the word being written moves to the next line whole
                    emit(current.substring(0, space));
                    current.setLength(0);
                    current.append(carried);
                    width = carriedWidth;
                } else {
                    emit(current.toString());
                    current.setLength(0);
                    width = 0;
                    if (glyph.equals(" ")) {
                        continue;
                    }
                }
            }
            current.append(glyph);
            width += w;
        }
        emit(current.toString());
        return this;
    }

    /**
     * An image (PNG or JPEG) {@code height} points tall, keeping its aspect ratio; if the bytes do not decode,
     * {@code unreadable} is printed instead — the document is still worth having.
     */
    public PrintedDocument image(byte[] bytes, float height, String unreadable) {
        PDImageXObject image;
        try {
            image = PDImageXObject.createFromByteArray(document, bytes, "image");
        } catch (IOException | IllegalArgumentException e) {
            return line(unreadable);
        }
        float width = Math.min(WIDTH, image.getWidth() * height / Math.max(1, image.getHeight()));
        room(height + 10);
        y -= height + 6;
        try {
            page.drawImage(image, MARGIN, y, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The finished PDF; the document is released afterwards. */
    public byte[] toPdf() {
        try {
            page.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PDF", e);
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            document.close();
        } catch (IOException e) {
            // an in-memory document holds nothing that closing could lose
        }
    }

    private void emit(String text) {
        room(TEXT_SIZE * LEADING);
        y -= TEXT_SIZE * LEADING;
        show(text, TEXT_SIZE);
    }

    private void show(String text, float size) {
        try {
            page.beginText();
            page.setFont(font, size);
            page.newLineAtOffset(MARGIN, y);
            page.showText(text);
            page.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private float width(String glyph, float size) {
        try {
            return font.getStringWidth(glyph) / 1000 * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean printable(int codePoint) {
        if (Character.isISOControl(codePoint)) {
            return false;
        }
        return printable.computeIfAbsent(codePoint, cp -> {
            try {
                font.encode(Character.toString(cp));
                return true;
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
        });
    }

    private void room(float needed) {
        if (y - needed < MARGIN) {
            newPage();
        }
    }

    private void newPage() {
        try {
            if (page != null) {
                page.close();
            }
            PDPage next = new PDPage(PDRectangle.A4);
            document.addPage(next);
            page = new PDPageContentStream(document, next);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y = PDRectangle.A4.getHeight() - MARGIN;
    }
}
