package io.yunwei.chassis.print;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** Which form of a printable document a caller asked for: HTML unless it prefers PDF. */
public final class PrintFormat {

    private PrintFormat() {
    }

    /**
     * PDF only when the caller's {@code Accept} prefers it to HTML; a browser, {@code *}{@code /*}, no header or an
     * unreadable one gets the page.
     */
    public static boolean wantsPdf(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = new ArrayList<>(MediaType.parseMediaTypes(accept));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType type : types) {
            if (type.isWildcardType() || type.includes(MediaType.TEXT_HTML)) {
                return false;
            }
            if (type.includes(MediaType.APPLICATION_PDF)) {
                return true;
            }
        }
        return false;
    }
}
