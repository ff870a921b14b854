package io.yunwei.chassis.events;

/** Header names of CloudEvents' Kafka protocol binding (binary mode) plus the sequence extension. */
public final class EventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    /** CloudEvents "sequence" extension: the ticket's sequence number on the producing topic. */
    public static final String SEQUENCE = "ce_sequence";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    private EventHeaders() {
    }
}
