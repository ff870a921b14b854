package io.yunwei.intake.ticket;

import java.time.OffsetDateTime;
import java.util.List;

import io.yunwei.intake.ticket.FaultRecord.Level;
import io.yunwei.intake.ticket.Ticket.Reporter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the ticket API, with their limits. */
final class TicketRequests {

    private TicketRequests() {
    }

    /** A report as recorded; any 5W1H part may be missing, and the response says which. */
    record NewTicket(@NotNull Channel channel, @NotBlank @Size(max = 64) String customerId,
            @Size(max = 64) String siteId, @Size(max = 50) List<@NotBlank @Size(max = 64) String> assetIds,
            @Size(max = 64) String callId, @Valid ReporterBody reporter, @Valid WhenBody when, @Valid WhoBody who,
            @Valid WhereBody where, @Valid WhatBody what, @Valid WhyBody why, @Valid HowBody how) {

        Reporter reporterOrNull() {
            return reporter == null ? null : new Reporter(reporter.name(), reporter.phone(), reporter.organization());
        }

        FaultRecord fault() {
            return TicketRequests.fault(when, who, where, what, why, how);
        }
    }

    /**
     * A report not recorded yet, as the desk has it so far: the fields of a new ticket, every one of them optional.
     * {@code locale} is the language its texts are checked for courtesy in (every lexicon when none).
     */
    record Draft(Channel channel, @Size(max = 64) String customerId, @Size(max = 64) String siteId,
            @Size(max = 50) List<@NotBlank @Size(max = 64) String> assetIds, @Size(max = 64) String callId,
            @Valid ReporterBody reporter, @Valid WhenBody when, @Valid WhoBody who, @Valid WhereBody where,
            @Valid WhatBody what, @Valid WhyBody why, @Valid HowBody how,
            @Pattern(regexp = "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$") String locale) {

        FaultRecord fault() {
            return TicketRequests.fault(when, who, where, what, why, how);
        }
    }

    /** A change to a ticket's record: the parts given replace the recorded ones, the others stay. */
    record TicketAmendment(@Size(max = 64) String siteId,
            @Size(max = 50) List<@NotBlank @Size(max = 64) String> assetIds, @Valid WhenBody when, @Valid WhoBody who,
            @Valid WhereBody where, @Valid WhatBody what, @Valid WhyBody why, @Valid HowBody how) {

        FaultRecord fault() {
            return TicketRequests.fault(when, who, where, what, why, how);
        }
    }

    record Cancellation(@NotBlank @Size(max = 1000) String reason) {
    }

    record ContractOverrideRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    /** Why the policy as it is now should count this ticket's clock, e.g. a contract moved to a higher tier. */
    record SlaReapplication(@NotBlank @Size(max = 1000) String reason) {
    }

    private static FaultRecord fault(WhenBody when, WhoBody who, WhereBody where, WhatBody what, WhyBody why,
            HowBody how) {
        return new FaultRecord(
                when == null ? null : new FaultRecord.When(when.occurredAt() == null ? null : when.occurredAt().toInstant()),
                who == null ? null : new FaultRecord.Who(who.reportedBy(), who.affectedUsers()),
                where == null ? null : new FaultRecord.Where(where.location()),
                what == null ? null : new FaultRecord.What(what.symptom(),
                        what.errorMessages() == null ? List.of() : what.errorMessages()),
                why == null ? null : new FaultRecord.Why(why.suspectedCause()),
                how == null ? null : new FaultRecord.How(how.discoveredHow(), how.impact(), how.urgency()));
    }

    record ReporterBody(@Size(max = 100) String name, @Size(max = 32) String phone, @Size(max = 200) String organization) {
    }

    record WhenBody(OffsetDateTime occurredAt) {
    }

    record WhoBody(@Size(max = 100) String reportedBy, @Size(max = 500) String affectedUsers) {
    }

    record WhereBody(@Size(max = 500) String location) {
    }

    record WhatBody(@Size(max = 2000) String symptom, @Size(max = 20) List<@Size(max = 1000) String> errorMessages) {
    }

    record WhyBody(@Size(max = 2000) String suspectedCause) {
    }

    record HowBody(@Size(max = 2000) String discoveredHow, Level impact, Level urgency) {
    }

    record ReadBackConfirmation(@NotBlank @Size(max = 100) String confirmedBy,
            @NotBlank @Size(max = 4000) String summaryReadBack) {
    }
}
