package io.yunwei.chassis.consumer;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.PageView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * The operator's view of this service's dead letters, and their re-drive once the cause is fixed. The path names the
 * service ({@code yunwei.admin.service}), so that it is the same at the service and at the gateway, which routes
 * {@code /api/v1/admin/{service}/**} to it unchanged.
 */
@RestController
@RequestMapping("/api/v1/admin/${yunwei.admin.service}/dead-letters")
@PreAuthorize("hasRole('ADMIN')")
class DeadLetterController {

    private final DeadLetterRedrive redrive;

    DeadLetterController(DeadLetterRedrive redrive) {
        this.redrive = redrive;
    }

    @GetMapping
    @Operation(operationId = "listDeadLetters", summary = "List this service's dead letters",
            description = "The records this service's listeners gave up on after their retries, newest first, "
                    + "optionally only those of one topic or status. Administrators only.")
    PageView<DeadLetterView> list(@RequestParam(required = false) @Size(max = 249) String topic,
            @RequestParam(required = false) DeadLetterStatus status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return PageView.of(redrive.list(topic, status, page, size));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getDeadLetter", summary = "Read one dead letter",
            description = "The record as it arrived (topic, partition, offset, headers, payload), why it failed, "
                    + "and whether it was re-driven. Administrators only.")
    DeadLetterView get(@PathVariable @Size(max = 400) String id) {
        return redrive.find(id);
    }

    /** Hands the stored record to this service's listener again; a letter is re-driven at most once. */
    @PostMapping("/{id}/redrive")
    @Operation(operationId = "redriveDeadLetter", summary = "Re-drive a dead letter",
            description = "Hands the stored record to this service's listener again once the cause is fixed; the "
                    + "event is applied exactly once. A letter already re-driven is refused (409 "
                    + "`ALREADY_REDRIVEN`); one that fails again becomes a new letter. Administrators only.")
    DeadLetterView redrive(@PathVariable @Size(max = 400) String id) {
        String by = Actor.current().map(Actor::subject).orElse("unknown");
        return redrive.redrive(id, by);
    }
}
