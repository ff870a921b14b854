package io.yunwei.local;

/** A part of the stack did not become ready; the message ends with the last lines of its log. */
public final class StartFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Part part;

    StartFailedException(Part part, String message) {
        super(message);
        this.part = part;
    }

    StartFailedException(Part part, String message, Throwable cause) {
        super(message, cause);
        this.part = part;
    }

    /** The part that failed, or {@code null} when the stack as a whole could not start (say, a busy port). */
    public Part part() {
        return part;
    }
}
