package io.yunwei.followup.archive;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.security.Actor;
import jakarta.validation.constraints.Size;

@RestController
@Validated
class ReportController {

    private final IncidentReports reports;

    ReportController(IncidentReports reports) {
        this.reports = reports;
    }

    @GetMapping(path = "/api/v1/reports/{ticketId}", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    @PreAuthorize("hasAnyRole('CUSTOMER', 'AGENT', 'DISPATCHER', 'SUPERVISOR', 'ADMIN')")
    String report(@PathVariable @Size(max = 100) String ticketId) {
        return reports.html(ticketId, Actor.current().orElseThrow());
    }
}
