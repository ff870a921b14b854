package io.yunwei.followup.archive;

import java.nio.charset.StandardCharsets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.print.PrintFormat;
import io.yunwei.chassis.security.Actor;
import jakarta.validation.constraints.Size;

@RestController
@Validated
class ReportController {

    private final IncidentReports reports;

    ReportController(IncidentReports reports) {
        this.reports = reports;
    }

    /** The incident report: HTML, or PDF for {@code Accept: application/pdf}. */
    @GetMapping(path = "/api/v1/reports/{ticketId}", produces = { MediaType.TEXT_HTML_VALUE, MediaType.APPLICATION_PDF_VALUE })
    @PreAuthorize("hasAnyRole('CUSTOMER', 'AGENT', 'DISPATCHER', 'SUPERVISOR', 'ADMIN')")
    ResponseEntity<byte[]> report(@PathVariable @Size(max = 100) String ticketId,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Size(max = 1000) String accept) {
        Actor actor = Actor.current().orElseThrow();
        if (PrintFormat.wantsPdf(accept)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                            .filename("incident-report-" + ticketId + ".pdf").build().toString())
                    .body(reports.pdf(ticketId, actor));
        }
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(reports.html(ticketId, actor).getBytes(StandardCharsets.UTF_8));
    }
}
