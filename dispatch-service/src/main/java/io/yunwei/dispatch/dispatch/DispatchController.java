package io.yunwei.dispatch.dispatch;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.security.Actor;
import io.yunwei.dispatch.dispatch.TicketDispatch.DispatchStatus;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@RestController
@Validated
@PreAuthorize("hasAnyRole('DISPATCHER', 'SUPERVISOR', 'ADMIN', 'ENGINEER')")
class DispatchController {

    private final DispatchService dispatches;

    DispatchController(DispatchService dispatches) {
        this.dispatches = dispatches;
    }

    @GetMapping("/api/v1/dispatches")
    List<DispatchView> list(@RequestParam(required = false) String engineerId,
            @RequestParam(required = false) DispatchStatus status,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return dispatches.list(engineerId, status, Actor.current().orElseThrow(), size);
    }

    @GetMapping("/api/v1/dispatches/{id}")
    DispatchView get(@PathVariable String id) {
        return dispatches.visible(id, Actor.current().orElseThrow());
    }

    @PostMapping("/api/v1/dispatches/{id}/acceptance")
    @PreAuthorize("hasRole('ENGINEER')")
    DispatchView accept(@PathVariable String id) {
        return dispatches.accept(id, Actor.current().orElseThrow());
    }
}
