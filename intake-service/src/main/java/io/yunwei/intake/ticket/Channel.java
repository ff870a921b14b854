package io.yunwei.intake.ticket;

/** How a fault reached us. */
public enum Channel {
    /** A customer called the call centre: opens only after the agent has read the record back. */
    CUSTOMER_CALL,
    /** An engineer found an anomaly during an inspection or operation and reported it at once. */
    INSPECTION,
    /** A customer's monitoring system reported it. */
    INTEGRATION
}
