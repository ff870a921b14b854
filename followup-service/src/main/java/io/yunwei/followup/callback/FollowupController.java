package io.yunwei.followup.callback;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.followup.callback.FollowupService.TaskView;
import io.yunwei.followup.callback.FollowupService.WorklistStatus;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@RestController
@Validated
@PreAuthorize("hasAnyRole('AGENT', 'SUPERVISOR', 'ADMIN')")
class FollowupController {

    private final FollowupService followups;

    FollowupController(FollowupService followups) {
        this.followups = followups;
    }

    @GetMapping("/api/v1/callbacks")
    List<TaskView> callbacks(@RequestParam(required = false) WorklistStatus status,
            @RequestParam(required = false) String ticketId,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return followups.callbacks(status, ticketId, size);
    }

    @GetMapping("/api/v1/revisits")
    List<TaskView> revisits(@RequestParam(required = false) WorklistStatus status,
            @RequestParam(required = false) String ticketId,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return followups.revisits(status, ticketId, size);
    }
}
