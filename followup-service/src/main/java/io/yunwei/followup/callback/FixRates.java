package io.yunwei.followup.callback;

/**
 * How often a fix holds. A first-time fix is a first closure whose fault never came back; a repeat fault is a
 * closure, of any cycle, that a callback or revisit found broken again.
 */
record FixRates(long closures, long firstClosures, long recurrences, long firstCycleRecurrences) {

    double firstTimeFixRate() {
        return firstClosures == 0 ? Double.NaN : (firstClosures - firstCycleRecurrences) / (double) firstClosures;
    }

    double repeatFaultRate() {
        return closures == 0 ? Double.NaN : recurrences / (double) closures;
    }
}
