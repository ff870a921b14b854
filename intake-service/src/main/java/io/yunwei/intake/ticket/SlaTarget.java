package io.yunwei.intake.ticket;

/** The three promises of an SLA, each counted from the moment the ticket opens. */
public enum SlaTarget {
    /** An engineer accepted the dispatch or contacted the customer. */
    RESPONSE,
    /** The engineer checked in on site. */
    ARRIVAL,
    /** The fault was resolved. */
    RESOLUTION
}
