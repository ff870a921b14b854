package io.yunwei.followup.callback;

import java.time.Instant;

/** What follow-up publishes on {@code followup.events}. Add fields, never rename them. */
public final class FollowupEvents {

    public static final String CALLBACK_SCHEDULED = "callback.scheduled.v1";
    public static final String REVISIT_SCHEDULED = "revisit.scheduled.v1";

    private FollowupEvents() {
    }

    public record CallbackScheduled(String ticketId, String callbackId, int cycle, Instant dueAt, Instant scheduledAt) {
    }

    public record RevisitScheduled(String ticketId, String revisitId, int cycle, Instant dueAt, Instant scheduledAt) {
    }
}
