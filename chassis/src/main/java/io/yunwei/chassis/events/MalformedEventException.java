package io.yunwei.chassis.events;

/** A record that cannot be an event of ours: retrying will not help, so it goes straight to the dead letters. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
