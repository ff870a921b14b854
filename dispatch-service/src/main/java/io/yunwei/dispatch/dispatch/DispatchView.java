package io.yunwei.dispatch.dispatch;

import java.time.Instant;

import io.yunwei.dispatch.dispatch.TicketDispatch.Dispatch;
import io.yunwei.dispatch.dispatch.TicketDispatch.DispatchStatus;

/** A dispatch as the API shows it, with the explanation of its assignment. */
record DispatchView(String id, String ticketId, String engineerId, DispatchStatus status, int cycle,
        Instant assignedAt, Instant acceptedAt, Instant finishedAt, Explanation explanation) {

    static DispatchView of(String ticketId, Dispatch d) {
        return new DispatchView(d.id(), ticketId, d.engineerId(), d.status(), d.cycle(), d.assignedAt(),
                d.acceptedAt(), d.finishedAt(), d.explanation());
    }
}
