package io.yunwei.chassis.consumer;

/** How a re-drive ended: the listener handled the record, or it failed again and became a new dead letter. */
enum RedriveOutcome {
    HANDLED, DEAD_LETTERED_AGAIN
}
