package io.yunwei.chassis.courtesy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.yunwei.chassis.courtesy.CourtesyTallies.CourtesyRefusalActor;
import io.yunwei.chassis.courtesy.CourtesyTallies.CourtesyRefusalDay;
import io.yunwei.chassis.courtesy.CourtesyTallies.Tally;
import io.yunwei.chassis.web.ApiProblem;

/**
 * The supervisor's view of the texts this service refused to pass to a customer for their wording, per category,
 * day and person, over calendar days (the last seven by default, at most {@value #MOST_DAYS}). The path names the
 * service ({@code yunwei.admin.service}), as the gateway routes it.
 */
@RestController
@PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
class CourtesyRefusalController {

    static final int MOST_DAYS = 92;

    private final CourtesyTallies tallies;
    private final String service;

    CourtesyRefusalController(CourtesyTallies tallies, String service) {
        this.tallies = tallies;
        this.service = service;
    }

    @GetMapping("/api/v1/admin/${yunwei.admin.service}/courtesy-refusals")
    @Operation(operationId = "reportCourtesyRefusals", summary = "Count the texts this service refused for courtesy",
            description = "Texts said to a customer (a pre-notice, a diagnosis, options, advice) that this service "
                    + "refused with `DISCOURTEOUS_TEXT`, over calendar days of `zone` (`from` and `to` included; the "
                    + "last seven days by default, at most 92): in all, per category of finding (a text with findings "
                    + "in two categories counts in both), per day, and per person who tried to say them, most "
                    + "refusals first. Checks through `POST /api/v1/courtesy/checks` are not counted. A range that "
                    + "ends before it starts or is too long is refused (400). Supervisors and administrators only.")
    CourtesyRefusalReport report(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate last = to != null ? to : tallies.today();
        LocalDate first = from != null ? from : last.minusDays(6);
        if (first.isAfter(last)) {
            throw ApiProblem.invalidField("from", "must not be after to");
        }
        if (first.plusDays(MOST_DAYS).isBefore(last.plusDays(1))) {
            throw ApiProblem.invalidField("from", "must be at most " + MOST_DAYS + " days before to");
        }
        Tally tally = tallies.between(first, last);
        return new CourtesyRefusalReport(service, first, last, tallies.zone().getId(), tally.refusals(),
                tally.categories(), tally.days(), tally.actors());
    }

    /**
     * What this service refused over the days {@code from} to {@code to} (calendar days of {@code zone}): how many
     * texts, how many with a finding in each category (a text with findings in two categories counts in both), per
     * day, and per person who tried to say them, most refusals first.
     */
    record CourtesyRefusalReport(String service, LocalDate from, LocalDate to, String zone, long refusals,
            Map<CourtesyCategory, Long> categories, List<CourtesyRefusalDay> days, List<CourtesyRefusalActor> actors) {
    }
}
