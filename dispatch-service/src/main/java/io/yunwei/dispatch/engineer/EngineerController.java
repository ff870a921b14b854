package io.yunwei.dispatch.engineer;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.dispatch.engineer.Engineer.OnCall;
import io.yunwei.dispatch.engineer.Engineer.Shift;
import io.yunwei.dispatch.engineer.Engineer.Skill;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
class EngineerController {

    private final EngineerRoster roster;
    private final Clock clock;

    EngineerController(EngineerRoster roster, Clock clock) {
        this.roster = roster;
        this.clock = clock;
    }

    @PostMapping("/api/v1/engineers")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    Engineer add(@Valid @RequestBody NewEngineer request) {
        return roster.add(new Engineer(request.id() == null ? UUID.randomUUID().toString() : request.id(),
                request.name(), request.phone(),
                request.skills().stream().map(s -> new Skill(s.category(), s.level())).toList(), request.areas(),
                request.capacity(), true, List.of(), clock.instant(), request.backupAreas(), request.homeBase(),
                request.zone() == null ? null : zone(request.zone()), shifts(request.shifts()),
                onCall(request.onCall()), null, List.of()));
    }

    @GetMapping("/api/v1/engineers/{id}")
    @PreAuthorize("hasAnyRole('DISPATCHER', 'SUPERVISOR', 'ADMIN', 'ENGINEER')")
    Engineer get(@PathVariable String id) {
        Actor actor = Actor.current().orElseThrow();
        return roster.engineer(id).filter(e -> !actor.hasRole("ENGINEER") || e.id().equals(actor.engineerId()))
                .orElseThrow(() -> new DocumentNotFoundException(Engineer.class, id));
    }

    @PutMapping("/api/v1/engineers/{id}/availability")
    @PreAuthorize("hasAnyRole('DISPATCHER', 'SUPERVISOR', 'ADMIN', 'ENGINEER')")
    Engineer availability(@PathVariable String id, @Valid @RequestBody Availability request) {
        Actor actor = Actor.current().orElseThrow();
        if (actor.hasRole("ENGINEER") && !id.equals(actor.engineerId()) || !roster.setAvailability(id, request.available(), request.shifts() == null ? null : shifts(request.shifts()),
                        request.onCall() == null ? null : onCall(request.onCall()))) {
            throw new DocumentNotFoundException(Engineer.class, id);
        }
        return roster.engineer(id).orElseThrow();
    }

    private static String zone(String zone) {
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields.")
                    .with("errors", List.of(Map.of("field", "zone", "message", "is not a known time zone")));
        }
    }

    private static List<Shift> shifts(List<ShiftBody> shifts) {
        return shifts == null ? List.of()
                : shifts.stream().map(s -> new Shift(s.day(), s.start(), s.end())).toList();
    }

    private static List<OnCall> onCall(List<OnCallBody> periods) {
        return periods == null ? List.of() : periods.stream().map(p -> {
            if (!p.to().isAfter(p.from())) {
                throw new ApiProblem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields.")
                        .with("errors", List.of(Map.of("field", "onCall", "message", "must end after it starts")));
            }
            return new OnCall(p.from().toInstant(), p.to().toInstant());
        }).toList();
    }

    record NewEngineer(@Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,62}$") String id, @NotBlank @Size(max = 100) String name,
            @Size(max = 32) String phone, @NotNull @Size(max = 50) List<@Valid SkillBody> skills,
            @NotNull @Size(min = 1, max = 50) List<@NotBlank @Size(max = 32) String> areas,
            @Min(1) @Max(50) int capacity, @Size(max = 50) List<@NotBlank @Size(max = 32) String> backupAreas,
            @Size(max = 32) String homeBase, @Size(max = 64) String zone, @Size(max = 50) List<@Valid ShiftBody> shifts,
            @Size(max = 100) List<@Valid OnCallBody> onCall) {
    }

    /** A weekly working period; an end at or before the start runs past midnight. */
    record ShiftBody(@NotNull DayOfWeek day, @NotNull LocalTime start, @NotNull LocalTime end) {
    }

    record OnCallBody(@NotNull OffsetDateTime from, @NotNull OffsetDateTime to) {
    }

    record SkillBody(@NotBlank @Size(max = 64) String category, @Min(1) @Max(5) int level) {
    }

    /** Shifts and on-call periods, when given, replace the engineer's calendar. */
    record Availability(@NotNull Boolean available, @Size(max = 50) List<@Valid ShiftBody> shifts,
            @Size(max = 100) List<@Valid OnCallBody> onCall) {
    }
}
