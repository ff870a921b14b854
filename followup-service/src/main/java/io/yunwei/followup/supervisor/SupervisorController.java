package io.yunwei.followup.supervisor;

import java.time.OffsetDateTime;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.PageView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

@RestController
@Validated
@PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
class SupervisorController {

    private final SupervisorNotifications notifications;

    SupervisorController(SupervisorNotifications notifications) {
        this.notifications = notifications;
    }

    /**
     * The caller's notices (closures, disabled webhooks) made after {@code since} (ISO-8601 with offset), oldest
     * first.
     */
    @GetMapping("/api/v1/supervisor/notifications")
    PageView<NoticeView> inbox(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime since,
            @RequestParam(required = false) Boolean acknowledged,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return notifications.inbox(Actor.current().orElseThrow(), since == null ? null : since.toInstant(),
                acknowledged, page, size);
    }

    @PostMapping("/api/v1/supervisor/notifications/{id}/acknowledgement")
    NoticeView acknowledge(@PathVariable @Size(max = 120) String id) {
        return notifications.acknowledge(id, Actor.current().orElseThrow());
    }
}
