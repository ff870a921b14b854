package io.yunwei.local;

import java.time.Duration;

/** Hears what the stack is doing while it starts, so a console can show it. */
public interface Progress {

    /** Hears nothing; what tests use. */
    Progress SILENT = new Progress() {
    };

    default void starting(Node node) {
    }

    default void ready(Node node, Duration took) {
    }

    /** A part the stack can do without was not started, and why. */
    default void skipped(Node node, String why) {
    }

    /** The first start of a new build of a part trains its start cache ({@link StartCache}) before it starts. */
    default void training(Node node) {
    }

    /** A part starts without a start cache, slower, because it could not be made. */
    default void startCacheFailed(Node node, String why) {
    }

    /** A process of an earlier run on the same data dir was still alive, its launcher having been killed. */
    default void leftoverStopped(long pid) {
    }
}
