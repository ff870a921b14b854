package io.yunwei.chassis.web;

import java.util.Arrays;
import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * The {@code If-Match} precondition of a change to something two people may edit, read one way in every service
 * (RFC 9110, section 13.1.1). An entity tag is the version of what was read, in quotes ({@code "7"}); tags compare
 * strongly, so a weak one ({@code W/"7"}) matches nothing; {@code *} matches whatever version there is; a list
 * matches when one of its tags does. Whether the header may be left out is the operation's choice
 * ({@link #required}): where it is, the change applies to whatever is current.
 */
public final class IfMatch {

    private static final String ANY = "*";

    private final List<String> tags;

    private IfMatch(List<String> tags) {
        this.tags = tags;
    }

    /** The precondition a request's {@code If-Match} header states; {@code null} or blank when it has none. */
    public static IfMatch of(String header) {
        if (header == null || header.isBlank()) {
            return new IfMatch(List.of());
        }
        return new IfMatch(Arrays.stream(header.split(",")).map(String::strip).filter(tag -> !tag.isEmpty()).toList());
    }

    /** The entity tag of a version, as responses carry it and {@code If-Match} names it. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** Refuses the request with 428 when it states no precondition: {@code what} is what the caller must have read. */
    public IfMatch required(String what) {
        if (tags.isEmpty()) {
            throw new ApiProblem(HttpStatus.PRECONDITION_REQUIRED, "PRECONDITION_REQUIRED",
                    "Send If-Match with the ETag of the " + what + " as you read it.");
        }
        return this;
    }

    /** Whether the change applies to whatever version is current: no header, or {@code *}. */
    public boolean unconditional() {
        return tags.isEmpty() || tags.contains(ANY);
    }

    /** Whether the precondition holds for the current version. */
    public boolean allows(long current) {
        return unconditional() || tags.contains(etag(current));
    }

    /**
     * Refuses the change with 412, naming the current {@code ETag}, unless the precondition holds for the current
     * version of the {@code what} (the ticket, the visit, ...).
     */
    public void check(long current, String what) {
        if (!allows(current)) {
            throw new ApiProblem(HttpStatus.PRECONDITION_FAILED, "PRECONDITION_FAILED", "The " + what
                    + " changed since you read it; read it again and make your change on what it is now.")
                    .with("currentETag", etag(current));
        }
    }
}
