package io.yunwei.dispatch.assignment;

import java.time.Instant;
import java.util.List;

import io.yunwei.dispatch.assignment.TicketDispatch.Appointment;
import io.yunwei.dispatch.assignment.TicketDispatch.ContactAttempt;
import io.yunwei.dispatch.assignment.TicketDispatch.Dispatch;
import io.yunwei.dispatch.assignment.TicketDispatch.DispatchStatus;

/**
 * A dispatch as the API shows it, with the explanation of its assignment, the contact attempts, the current
 * appointment and every earlier window it replaced.
 */
record DispatchView(String id, String ticketId, String engineerId, DispatchStatus status, int cycle,
        Instant assignedAt, Instant acceptBy, Instant acceptedAt, Instant finishedAt, String endReason,
        Explanation explanation, List<ContactAttempt> contactAttempts, Appointment appointment,
        List<Appointment> appointmentHistory) {

    static DispatchView of(String ticketId, Dispatch d) {
        List<Appointment> booked = d.appointments();
        return new DispatchView(d.id(), ticketId, d.engineerId(), d.status(), d.cycle(), d.assignedAt(), d.acceptBy(),
                d.acceptedAt(), d.finishedAt(), d.endReason(), d.explanation(), d.contactAttempts(),
                booked.isEmpty() ? null : booked.getLast(),
                booked.isEmpty() ? List.of() : booked.subList(0, booked.size() - 1));
    }
}
