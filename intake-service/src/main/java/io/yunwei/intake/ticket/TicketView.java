package io.yunwei.intake.ticket;

import java.time.Instant;
import java.util.List;

import io.yunwei.intake.ticket.FaultRecord.Completeness;
import io.yunwei.intake.ticket.SlaPolicy.Sla;
import io.yunwei.intake.ticket.Ticket.ContractFlag;
import io.yunwei.intake.ticket.Ticket.ContractOverride;
import io.yunwei.intake.ticket.Ticket.ReadBack;
import io.yunwei.intake.ticket.Ticket.Reporter;

/**
 * A ticket as the API shows it; {@code blockers} says what keeps a recorded ticket from opening, {@code lastAmended}
 * who last changed its record and what (for an agent whose own change came too late).
 */
record TicketView(String id, String number, Channel channel, TicketStatus status, String customerId, String siteId,
        List<String> assetIds, String callId, Reporter reporter, FaultRecord.When when, FaultRecord.Who who,
        FaultRecord.Where where, FaultRecord.What what, FaultRecord.Why why, FaultRecord.How how,
        Completeness completeness, Priority priority, Sla sla, ReadBack readBack, String engineerId, int cycle,
        Instant recordedAt, Instant openedAt, Instant closedAt, Boolean callerVerified, List<ContractFlag> contractFlags,
        ContractOverride contractOverride, String duplicateOf, List<String> blockers, String cancelReason,
        Instant cancelledAt, SlaClock.State slaClock, Ticket.Amended lastAmended) {

    static TicketView of(Ticket t) {
        FaultRecord f = t.fault();
        return new TicketView(t.id(), t.number(), t.channel(), t.status(), t.customerId(), t.siteId(), t.assetIds(),
                t.callId(), t.reporter(), f.when(), f.who(), f.where(), f.what(), f.why(), f.how(), t.completeness(),
                t.priority(), t.sla(), t.readBack(), t.engineerId(), t.cycle(), t.recordedAt(), t.openedAt(),
                t.closedAt(), t.callerVerified(), t.contractFlags(), t.contractOverride(), t.duplicateOf(),
                t.status() == TicketStatus.RECORDED ? t.blockers() : List.of(), t.cancelReason(), t.cancelledAt(), t.slaClock(),
                t.lastAmended());
    }
}
