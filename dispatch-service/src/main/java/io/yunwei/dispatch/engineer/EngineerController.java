package io.yunwei.dispatch.engineer;

import java.time.Clock;
import java.util.List;
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
                request.capacity(), true, List.of(), clock.instant()));
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
        if (actor.hasRole("ENGINEER") && !id.equals(actor.engineerId()) || !roster.setAvailable(id, request.available())) {
            throw new DocumentNotFoundException(Engineer.class, id);
        }
        return roster.engineer(id).orElseThrow();
    }

    record NewEngineer(@Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,62}$") String id, @NotBlank @Size(max = 100) String name,
            @Size(max = 32) String phone, @NotNull @Size(max = 50) List<@Valid SkillBody> skills,
            @NotNull @Size(min = 1, max = 50) List<@NotBlank @Size(max = 32) String> areas,
            @Min(1) @Max(50) int capacity) {
    }

    record SkillBody(@NotBlank @Size(max = 64) String category, @Min(1) @Max(5) int level) {
    }

    record Availability(@NotNull Boolean available) {
    }
}
