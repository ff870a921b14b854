package io.yunwei.intake.call;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.yunwei.chassis.web.ApiProblem;
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

    CallController(CallLog calls, IdempotentCreates idempotentCreates) {
        this.calls = calls;
        this.idempotentCreates = idempotentCreates;
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
