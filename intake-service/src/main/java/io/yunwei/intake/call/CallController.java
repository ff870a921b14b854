package io.yunwei.intake.call;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.intake.call.AnswerTallies.AgentAnswers;
import io.yunwei.intake.call.CallLog.CallReport;
import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.idempotency.IdempotentCreates;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
class CallController {

    private final CallLog calls;
    private final IdempotentCreates idempotentCreates;
    private final AnswerTallies tallies;
    private final CallPolicy policy;
    private final Clock clock;

    CallController(CallLog calls, IdempotentCreates idempotentCreates, AnswerTallies tallies, CallPolicy policy,
            Clock clock) {
        this.calls = calls;
        this.idempotentCreates = idempotentCreates;
        this.tallies = tallies;
        this.policy = policy;
        this.clock = clock;
    }

    /** The telephony system reports a call; reporting the same call id again answers the stored call. */
    @PostMapping("/api/v1/calls")
    @ApiResponse(responseCode = "201", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = CallView.class)))
    @PreAuthorize("hasAnyRole('AGENT', 'ADMIN')")
    ResponseEntity<byte[]> record(@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @Valid @RequestBody NewCall request) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (request.answeredAt() != null && request.answeredAt().isBefore(request.ringingAt())) {
            errors.add(Map.of("field", "answeredAt", "message", "must not be before ringingAt"));
        }
        OffsetDateTime start = request.answeredAt() == null ? request.ringingAt() : request.answeredAt();
        if (request.endedAt() != null && request.endedAt().isBefore(start)) {
            errors.add(Map.of("field", "endedAt", "message", "must not be before answeredAt or ringingAt"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidFields(errors);
        }
        return idempotentCreates.respond(key, request,
                id -> created(calls.record(new CallReport(request.id() == null ? id : request.id(),
                        request.ringingAt().toInstant(), instant(request.answeredAt()), instant(request.endedAt()),
                        request.agentId(), request.callerNumber()))),
                id -> calls.find(request.id() == null ? id : request.id()).map(CallController::created));
    }

    /**
     * Each agent's answered calls and the share answered within three rings, over calendar days of the call centre
     * (the last seven by default, at most 92), read from per-day counts rather than the calls themselves.
     */
    @GetMapping("/api/v1/calls/three-rings")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    ThreeRingReport threeRings(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate last = to != null ? to : LocalDate.now(clock.withZone(policy.zone()));
        LocalDate first = from != null ? from : last.minusDays(6);
        if (first.isAfter(last)) {
            throw ApiProblem.invalidField("from", "must not be after to");
        }
        if (first.plusDays(MOST_DAYS).isBefore(last.plusDays(1))) {
            throw ApiProblem.invalidField("from", "must be at most " + MOST_DAYS + " days before to");
        }
        List<AgentAnswers> agents = tallies.between(first, last);
        AgentAnswers all = new AgentAnswers(null, agents.stream().mapToLong(AgentAnswers::answered).sum(),
                agents.stream().mapToLong(AgentAnswers::withinThreeRings).sum(),
                agents.stream().mapToLong(AgentAnswers::unanswered).sum());
        return new ThreeRingReport(first, last, policy.zone().getId(), policy.threeRings().toMillis() / 1000.0,
                agents.stream().map(AgentShare::of).toList(), AgentShare.of(all));
    }

    static final int MOST_DAYS = 92;

    /** The three-ring report: the days it covers, the target, each agent's share and everyone's together. */
    record ThreeRingReport(LocalDate from, LocalDate to, String zone, double targetSeconds, List<AgentShare> agents,
            AgentShare total) {
    }

    /** One agent's answered calls and how many of them within three rings; {@code share} is null with none answered. */
    record AgentShare(String agentId, long answered, long withinThreeRings, long unanswered, Double share) {

        static AgentShare of(AgentAnswers answers) {
            return new AgentShare(answers.agentId(), answers.answered(), answers.withinThreeRings(),
                    answers.unanswered(), answers.answered() == 0 ? null
                            : answers.withinThreeRings() / (double) answers.answered());
        }
    }

    private static ResponseEntity<CallView> created(Call call) {
        return ResponseEntity.status(HttpStatus.CREATED).body(CallView.of(call));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    record NewCall(@Pattern(regexp = "^[A-Za-z0-9_-]{1,64}$") String id, @NotNull OffsetDateTime ringingAt,
            OffsetDateTime answeredAt, OffsetDateTime endedAt, @NotBlank @Size(max = 64) String agentId,
            @Size(max = 32) String callerNumber) {
    }

    record CallView(String id, Instant ringingAt, Instant answeredAt, Instant endedAt, String agentId,
            String callerNumber, Double answerSeconds, Boolean withinThreeRings) {

        static CallView of(Call call) {
            return new CallView(call.id(), call.ringingAt(), call.answeredAt(), call.endedAt(), call.agentId(),
                    call.callerNumber(), call.answerTime() == null ? null : call.answerTime().toMillis() / 1000.0,
                    call.withinThreeRings());
        }
    }
}
