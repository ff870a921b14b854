package io.yunwei.dispatch.engineer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.idempotency.IdempotencyKey;
import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.chassis.web.IfMatch;
import io.yunwei.chassis.web.PageView;
import io.yunwei.dispatch.engineer.Engineer.Creation;
import io.yunwei.dispatch.engineer.Engineer.HomeLocation;
import io.yunwei.dispatch.engineer.Engineer.OnCall;
import io.yunwei.dispatch.engineer.Engineer.Shift;
import io.yunwei.dispatch.engineer.Engineer.Skill;
import io.yunwei.dispatch.engineer.EngineerRoster.Added;
import io.yunwei.dispatch.planner.PlanRequests;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Validated
class EngineerController {


    private final EngineerRoster roster;
    private final Clock clock;
    private final JsonMapper json;
    private final IdempotencyKeys keys;
    private final PlanRequests planRequests;

    EngineerController(EngineerRoster roster, Clock clock, JsonMapper json, IdempotencyKeys keys,
            PlanRequests planRequests) {
        this.roster = roster;
        this.planRequests = planRequests;
        this.clock = clock;
        this.json = json;
        this.keys = keys;
    }

    /**
     * Adds an engineer. With an {@code Idempotency-Key}, a retry of the same request gets the first response (201
     * and the same body) and the key with a different request is refused; without an id in the body, the id is
     * derived from the key, so even two retries racing each other add one engineer.
     */
    @PostMapping("/api/v1/engineers")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    ResponseEntity<Engineer> add(@Valid @RequestBody NewEngineer request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        Actor actor = Actor.current().orElseThrow();
        String id = request.id() != null ? request.id()
                : idempotencyKey == null ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(("engineer\0" + actor.subject() + "\0" + idempotencyKey)
                        .getBytes(StandardCharsets.UTF_8)).toString();
        Engineer engineer = new Engineer(id, request.name(), request.phone(),
                request.skills().stream().map(s -> new Skill(s.category(), s.level())).toList(), request.areas(),
                request.capacity(), true, List.of(), clock.instant(), request.backupAreas(), request.homeBase(),
                request.zone() == null ? null : zone(request.zone()), shifts(request.shifts()),
                onCall(request.onCall()), null, List.of(), request.homeLocation() == null ? null
                        : new HomeLocation(request.homeLocation().latitude(), request.homeLocation().longitude()));
        IdempotencyKey key = keys.of(idempotencyKey, request);
        if (key == null) {
            Engineer added = roster.add(engineer);
            return ResponseEntity.status(HttpStatus.CREATED).eTag(added.etag()).body(added);
        }
        Added added = roster.add(engineer, new Creation(key.client(), key.key(), key.fingerprint(),
                json.writeValueAsString(engineer)));
        Engineer answered = json.readValue(added.response(), Engineer.class);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CREATED).eTag(answered.etag());
        if (added.replayed()) {
            keys.replayed();
            response.header(IdempotencyKeys.REPLAYED, "true");
        }
        return response.body(answered);
    }

    /** The roster for the dispatch desk: who covers an area, their shifts, availability and load, a page at a time. */
    @GetMapping("/api/v1/engineers")
    @PreAuthorize("hasAnyRole('DISPATCHER', 'SUPERVISOR', 'ADMIN')")
    PageView<Engineer> list(@RequestParam(required = false) @Size(max = 32) String areaCode,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return roster.page(areaCode, page, size);
    }

    @GetMapping("/api/v1/engineers/{id}")
    @PreAuthorize("hasAnyRole('DISPATCHER', 'SUPERVISOR', 'ADMIN', 'ENGINEER')")
    ResponseEntity<Engineer> get(@PathVariable String id) {
        Actor actor = Actor.current().orElseThrow();
        Engineer engineer = roster.engineer(id).filter(e -> !actor.hasRole("ENGINEER") || e.id().equals(actor.engineerId()))
                .orElseThrow(() -> new DocumentNotFoundException(Engineer.class, id));
        return ResponseEntity.ok().eTag(engineer.etag()).body(engineer);
    }

    /**
     * Sets availability. {@code If-Match} with the engineer's {@code ETag} makes it conditional: 412 when someone
     * changed the engineer's availability or calendar since it was read. Without it the change still applies, so
     * the engineer's app and older desk clients keep working; the last one to write wins, as before.
     */
    @PutMapping("/api/v1/engineers/{id}/availability")
    @PreAuthorize("hasAnyRole('DISPATCHER', 'SUPERVISOR', 'ADMIN', 'ENGINEER')")
    ResponseEntity<Engineer> availability(@PathVariable String id, @Valid @RequestBody Availability request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Actor actor = Actor.current().orElseThrow();
        if (actor.hasRole("ENGINEER") && !id.equals(actor.engineerId())) {
            throw new DocumentNotFoundException(Engineer.class, id);
        }
        IfMatch condition = IfMatch.of(ifMatch);
        Long expectedRevision = null;
        if (!condition.unconditional()) {
            Engineer current = roster.engineer(id).orElseThrow(() -> new DocumentNotFoundException(Engineer.class, id));
            condition.check(current.revision(), "engineer");
            expectedRevision = current.revision();
        }
        if (!roster.setAvailability(id, expectedRevision, request.available(),
                request.shifts() == null ? null : shifts(request.shifts()),
                request.onCall() == null ? null : onCall(request.onCall()))) {
            throw new DocumentNotFoundException(Engineer.class, id);
        }
        Engineer engineer = roster.engineer(id).orElseThrow();
        // off sick: their unaccepted work moves; back, or a new calendar: waiting tickets may fit now
        planRequests.request(engineer.coverage());
        return ResponseEntity.ok().eTag(engineer.etag()).body(engineer);
    }

    private static String zone(String zone) {
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            throw ApiProblem.invalidField("zone", "is not a known time zone");
        }
    }

    private static List<Shift> shifts(List<ShiftBody> shifts) {
        return shifts == null ? List.of()
                : shifts.stream().map(s -> new Shift(s.day(), s.start(), s.end())).toList();
    }

    private static List<OnCall> onCall(List<OnCallBody> periods) {
        return periods == null ? List.of() : periods.stream().map(p -> {
            if (!p.to().isAfter(p.from())) {
                throw ApiProblem.invalidField("onCall", "must end after it starts");
            }
            return new OnCall(p.from().toInstant(), p.to().toInstant());
        }).toList();
    }

    record NewEngineer(@Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,62}$") String id, @NotBlank @Size(max = 100) String name,
            @Size(max = 32) String phone, @NotNull @Size(max = 50) List<@Valid SkillBody> skills,
            @NotNull @Size(min = 1, max = 50) List<@NotBlank @Size(max = 32) String> areas,
            @Min(1) @Max(50) int capacity, @Size(max = 50) List<@NotBlank @Size(max = 32) String> backupAreas,
            @Size(max = 32) String homeBase, @Size(max = 64) String zone, @Size(max = 50) List<@Valid ShiftBody> shifts,
            @Size(max = 100) List<@Valid OnCallBody> onCall, @Valid LocationBody homeLocation) {
    }

    /** Where the engineer's day starts, WGS 84; optional (without it the first trip counts as a typical one). */
    record LocationBody(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {
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
