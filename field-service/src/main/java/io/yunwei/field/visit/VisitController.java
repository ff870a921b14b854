package io.yunwei.field.visit;

import java.time.Clock;
import java.util.Base64;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.field.visit.Visit.Completion;
import io.yunwei.field.visit.Visit.Evaluation;
import io.yunwei.field.visit.Visit.Resolution;
import io.yunwei.field.visit.Visit.ServiceForm;
import io.yunwei.field.visit.Visit.VisitStatus;
import io.yunwei.field.visit.VisitEvents.Outcome;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@RestController
@Validated
class VisitController {

    private final VisitService visits;
    private final Clock clock;

    VisitController(VisitService visits, Clock clock) {
        this.visits = visits;
        this.clock = clock;
    }

    @GetMapping("/api/v1/visits")
    @PreAuthorize("hasAnyRole('ENGINEER', 'DISPATCHER', 'SUPERVISOR', 'ADMIN')")
    List<VisitView> list(@RequestParam(required = false) String engineerId,
            @RequestParam(required = false) VisitStatus status,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return visits.list(engineerId, status, Actor.current().orElseThrow(), size);
    }

    @GetMapping("/api/v1/visits/{id}")
    @PreAuthorize("hasAnyRole('ENGINEER', 'DISPATCHER', 'SUPERVISOR', 'ADMIN')")
    VisitView get(@PathVariable String id) {
        return visits.visible(id, Actor.current().orElseThrow());
    }

    @PostMapping("/api/v1/visits/{id}/check-in")
    @PreAuthorize("hasRole('ENGINEER')")
    VisitView checkIn(@PathVariable String id) {
        return visits.step(id, Actor.current().orElseThrow(), (all, visit) -> all.checkIn(visit.id(), clock.instant()));
    }

    @PostMapping("/api/v1/visits/{id}/resolution")
    @PreAuthorize("hasRole('ENGINEER')")
    VisitView resolve(@PathVariable String id, @Valid @RequestBody ResolutionBody body) {
        Resolution resolution = new Resolution(body.solution(), body.emergencyHandling(), body.maintenanceAdvice(),
                clock.instant());
        return visits.step(id, Actor.current().orElseThrow(), (all, visit) -> all.change(visit.id(), v -> v.resolve(resolution)));
    }

    @PostMapping("/api/v1/visits/{id}/service-form")
    @PreAuthorize("hasRole('ENGINEER')")
    VisitView sign(@PathVariable String id, @Valid @RequestBody ServiceFormBody body) {
        ServiceForm form = new ServiceForm(body.signerName(), signature(body.signature()),
                new Evaluation(body.evaluation().score(), body.evaluation().comment()), clock.instant());
        return visits.step(id, Actor.current().orElseThrow(), (all, visit) -> all.change(visit.id(), v -> v.sign(form)));
    }

    @PostMapping("/api/v1/visits/{id}/completion")
    @PreAuthorize("hasRole('ENGINEER')")
    VisitView complete(@PathVariable String id, @Valid @RequestBody CompletionBody body) {
        Completion completion = new Completion(body.outcome(), Boolean.TRUE.equals(body.cleanupDone()),
                body.nextVisitReason(), clock.instant());
        return visits.step(id, Actor.current().orElseThrow(), (all, visit) -> all.complete(visit.id(), completion));
    }

    /** The signature must be a PNG or JPEG image, sent as base64 (a data URL prefix is allowed). */
    private static String signature(String encoded) {
        String data = encoded.startsWith("data:") ? encoded.substring(encoded.indexOf(',') + 1) : encoded;
        byte[] image;
        try {
            image = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw invalidSignature();
        }
        boolean png = image.length > 8 && (image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G';
        boolean jpeg = image.length > 3 && (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8;
        if (!png && !jpeg) {
            throw invalidSignature();
        }
        return data;
    }

    private static ApiProblem invalidSignature() {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields.")
                .with("errors", List.of(java.util.Map.of("field", "signature", "message", "must be a base64 PNG or JPEG image")));
    }

    record ResolutionBody(@NotBlank @Size(max = 4000) String solution, @Size(max = 4000) String emergencyHandling,
            @Size(max = 4000) String maintenanceAdvice) {
    }

    record ServiceFormBody(@NotBlank @Size(max = 100) String signerName, @NotBlank @Size(max = 200_000) String signature,
            @NotNull @Valid EvaluationBody evaluation) {
    }

    record EvaluationBody(@Min(1) @Max(5) int score, @Size(max = 2000) String comment) {
    }

    record CompletionBody(@NotNull Outcome outcome, @NotNull Boolean cleanupDone, @Size(max = 2000) String nextVisitReason) {
    }
}
