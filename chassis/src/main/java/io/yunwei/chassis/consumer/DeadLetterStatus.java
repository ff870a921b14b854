package io.yunwei.chassis.consumer;

/** Where a dead letter stands: waiting, being re-driven by one caller, or re-driven (at most once). */
enum DeadLetterStatus {
    DEAD, REDRIVING, REDRIVEN
}
