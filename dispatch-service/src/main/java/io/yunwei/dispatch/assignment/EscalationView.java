package io.yunwei.dispatch.assignment;

import java.time.Instant;
import java.util.List;

/** A ticket on the dispatcher's board: why it waits for a person, and who already had it. */
record EscalationView(String ticketId, String areaCode, List<String> assetCategories, String priority,
        Instant arrivalDue, String reason, Instant escalatedAt, int failures, List<String> triedEngineers,
        String lastDispatchId) {

    static EscalationView of(TicketDispatch file) {
        return new EscalationView(file.id(), file.areaCode(), file.assetCategories(), file.priority(),
                file.arrivalDue(), file.escalationReason(), file.escalatedAt(), file.failures(),
                file.dispatches().stream().filter(d -> d.cycle() == file.cycle()).map(d -> d.engineerId()).distinct()
                        .toList(),
                file.dispatches().isEmpty() ? null : file.dispatches().getLast().id());
    }
}
