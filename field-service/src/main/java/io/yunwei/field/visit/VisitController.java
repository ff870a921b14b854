package io.yunwei.field.visit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.yunwei.chassis.courtesy.CourtesyChecker;
import io.yunwei.chassis.idempotency.IdempotencyKey;
import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.outbox.ChildIds;
import io.yunwei.chassis.print.PrintFormat;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.field.evidence.EvidenceFiles;
import io.yunwei.field.visit.Visit.Completion;
import io.yunwei.field.visit.Visit.Consent;
import io.yunwei.field.visit.Visit.Decision;
import io.yunwei.field.visit.Visit.Diagnosis;
import io.yunwei.field.visit.Visit.EntryQuestion;
import io.yunwei.field.visit.Visit.Evaluation;
import io.yunwei.field.visit.Visit.Inspection;
import io.yunwei.field.visit.Visit.InspectionItem;
import io.yunwei.field.visit.Visit.Option;
import io.yunwei.field.visit.Visit.OptionsOffered;
import io.yunwei.field.visit.Visit.Resolution;
import io.yunwei.field.visit.Visit.ServiceForm;
import io.yunwei.field.visit.Visit.SiteChecklist;
import io.yunwei.field.visit.Visit.VisitStatus;
import io.yunwei.field.visit.VisitRequests.ChecklistBody;
import io.yunwei.field.visit.VisitRequests.CompletionBody;
import io.yunwei.field.visit.VisitRequests.ConsentBody;
import io.yunwei.field.visit.VisitRequests.DecisionBody;
import io.yunwei.field.visit.VisitRequests.DiagnosisBody;
import io.yunwei.field.visit.VisitRequests.InspectionBody;
import io.yunwei.field.visit.VisitRequests.OptionsBody;
import io.yunwei.field.visit.VisitRequests.ResolutionBody;
import io.yunwei.field.visit.VisitRequests.ServiceFormBody;
import io.yunwei.field.visit.VisitService.Answer;
import io.yunwei.field.visit.VisitService.EvidenceDownload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

@RestController
@Validated
class VisitController {

    private static final String READERS = "hasAnyRole('ENGINEER', 'DISPATCHER', 'AGENT', 'CUSTOMER', 'SUPERVISOR', 'ADMIN')";

    private final VisitService visits;
    private final EvidenceFiles files;
    private final CourtesyChecker courtesy;
    private final VisitMetrics metrics;
    private final Clock clock;
    private final IdempotencyKeys keys;

    VisitController(VisitService visits, EvidenceFiles files, CourtesyChecker courtesy, VisitMetrics metrics,
            Clock clock, IdempotencyKeys keys) {
        this.visits = visits;
        this.files = files;
        this.courtesy = courtesy;
        this.metrics = metrics;
        this.clock = clock;
        this.keys = keys;
    }

    @GetMapping("/api/v1/visits")
    @PreAuthorize("hasAnyRole('ENGINEER', 'DISPATCHER', 'SUPERVISOR', 'ADMIN')")
    List<VisitView> list(@RequestParam(required = false) String engineerId,
            @RequestParam(required = false) VisitStatus status,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return visits.list(engineerId, status, Actor.current().orElseThrow(), size);
    }

    @GetMapping("/api/v1/visits/{id}")
    @PreAuthorize(READERS)
    ResponseEntity<VisitView> get(@PathVariable String id) {
        return answer(visits.visible(id, Actor.current().orElseThrow()));
    }

    @PostMapping("/api/v1/visits/{id}/check-in")
    @PreAuthorize("hasRole('ENGINEER')")
    ResponseEntity<VisitView> checkIn(@PathVariable String id,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        return step(id, idempotencyKey, null, (all, visit) -> all.checkIn(visit.id(), clock.instant()));
    }

    /**
     * Replaces the checklist. {@code If-Match} with the visit's {@code ETag} makes it conditional (412 when the
     * visit changed since); without it the checklist is still replaced, so clients written before ETags keep
     * working: only the visit's own engineer may write it, so a conflict is one person on two devices.
     */
    @PutMapping("/api/v1/visits/{id}/site-checklist")
    @PreAuthorize("hasRole('ENGINEER')")
    ResponseEntity<VisitView> checklist(@PathVariable String id, @Valid @RequestBody ChecklistBody body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Size(max = 200) String ifMatch) {
        if (body.questions().stream().map(q -> q.topic()).distinct().count() < body.questions().size()) {
            throw ApiProblem.invalidField("questions", "lists a topic more than once");
        }
        SiteChecklist checklist = new SiteChecklist(body.uniformWorn(), body.badgeShown(),
                body.questions().stream().map(q -> new EntryQuestion(q.topic(), q.asked(), q.answer(),
                        Boolean.TRUE.equals(q.complied()), q.note())).toList(), clock.instant());
        return answer(visits.step(id, actor(), null, ifMatch, HttpStatus.OK,
                (all, visit) -> all.change(visit.id(), v -> v.recordChecklist(checklist))));
    }

    @PostMapping("/api/v1/visits/{id}/consents")
    @PreAuthorize("hasRole('ENGINEER')")
    ResponseEntity<VisitView> consent(@PathVariable String id, @Valid @RequestBody ConsentBody body,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        Consent consent = new Consent(body.type(), body.grantedBy(), clock.instant(),
                Boolean.TRUE.equals(body.refused()) ? Boolean.TRUE : null);
        return step(id, idempotencyKey, body, (all, visit) -> all.change(visit.id(), v -> v.grant(consent)));
    }

    @PostMapping("/api/v1/visits/{id}/diagnosis")
    @PreAuthorize("hasRole('ENGINEER')")
    ResponseEntity<VisitView> diagnose(@PathVariable String id, @Valid @RequestBody DiagnosisBody body,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        courteous("symptomRestated", body.symptomRestated());
        courteous("causeExplained", body.causeExplained());
        Diagnosis diagnosis = new Diagnosis(body.symptomRestated(), body.causeExplained(), clock.instant());
        return step(id, idempotencyKey, body, (all, visit) -> all.change(visit.id(), v -> v.diagnose(diagnosis)));
    }

    @PostMapping("/api/v1/visits/{id}/options")
    @PreAuthorize("hasRole('ENGINEER')")
    ResponseEntity<VisitView> offer(@PathVariable String id, @Valid @RequestBody OptionsBody body,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        if (body.options().stream().map(o -> o.title()).distinct().count() < body.options().size()) {
            throw ApiProblem.invalidField("options", "gives two options the same title");
        }
        for (int i = 0; i < body.options().size(); i++) {
            courteous("options[" + i + "].title", body.options().get(i).title());
            courteous("options[" + i + "].pros", body.options().get(i).pros());
            courteous("options[" + i + "].cons", body.options().get(i).cons());
        }
        OptionsOffered offered = new OptionsOffered(
                body.options().stream().map(o -> new Option(o.title(), o.pros(), o.cons())).toList(),
                body.recommended(), clock.instant());
        return step(id, idempotencyKey, body, (all, visit) -> all.offer(visit.id(), offered));
    }

    @PostMapping("/api/v1/visits/{id}/decision")
    @PreAuthorize("hasRole('ENGINEER')")
    ResponseEntity<VisitView> decide(@PathVariable String id, @Valid @RequestBody DecisionBody body,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        Decision decision = new Decision(body.chosen(), body.decidedBy(), clock.instant());
        return step(id, idempotencyKey, body, (all, visit) -> all.decide(visit.id(), decision));
    }

    @PostMapping(path = "/api/v1/visits/{id}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasRole('ENGINEER')")
    ResponseEntity<VisitView> evidence(@PathVariable String id, @RequestPart("file") MultipartFile file,
            @RequestParam(required = false) @Size(max = 500) String caption,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        try {
            files.requireWithinCap(file.getSize());
            byte[] content;
            try {
                content = file.getBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String filename = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "evidence"
                    : file.getOriginalFilename().substring(0, Math.min(200, file.getOriginalFilename().length()));
            IdempotencyKey key = keys.of(idempotencyKey, new Upload(IdempotencyKeys.sha256(content), filename, caption));
            return answer(visits.attach(id, actor(), key, filename, caption, content));
        } catch (ApiProblem refused) {
            // a visit the caller may not see is not a refused upload
            if (refused.status() != HttpStatus.NOT_FOUND) {
                metrics.evidenceRefused(refused);
            }
            throw refused;
        }
    }

    @GetMapping("/api/v1/visits/{id}/evidence/{evidenceId}")
    @PreAuthorize(READERS)
    ResponseEntity<byte[]> download(@PathVariable String id, @PathVariable String evidenceId) {
        EvidenceDownload download = visits.download(id, evidenceId, actor());
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(download.evidence().contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(download.evidence().filename(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Digest", "sha-256=" + download.evidence().sha256())
                .eTag("\"" + download.evidence().sha256() + "\"")
                .body(download.content());
    }

    @PostMapping("/api/v1/visits/{id}/inspection")
    @PreAuthorize("hasRole('ENGINEER')")
    ResponseEntity<VisitView> inspect(@PathVariable String id, @Valid @RequestBody InspectionBody body,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        Inspection inspection = new Inspection(body.items().stream().map(i -> new InspectionItem(i.assetId(), i.status(),
                i.note(), i.info() == null ? Map.of() : Map.copyOf(i.info()))).toList(), clock.instant());
        return step(id, idempotencyKey, body, (all, visit) -> all.inspect(visit.id(), inspection));
    }

    @PostMapping("/api/v1/visits/{id}/resolution")
    @PreAuthorize("hasRole('ENGINEER')")
    ResponseEntity<VisitView> resolve(@PathVariable String id, @Valid @RequestBody ResolutionBody body,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        courteous("emergencyHandling", body.emergencyHandling());
        courteous("maintenanceAdvice", body.maintenanceAdvice());
        Resolution resolution = new Resolution(body.solution(), body.emergencyHandling(), body.maintenanceAdvice(),
                clock.instant(), List.of());
        Set<Visit.ConsentType> actions = body.actions() == null || body.actions().isEmpty()
                ? EnumSet.noneOf(Visit.ConsentType.class) : EnumSet.copyOf(body.actions());
        try {
            return step(id, idempotencyKey, body, (all, visit) -> all.change(visit.id(), v -> v.resolve(resolution, actions)));
        } catch (ApiProblem refused) {
            metrics.consentMissing(refused);
            throw refused;
        }
    }

    @PostMapping("/api/v1/visits/{id}/service-form")
    @PreAuthorize("hasRole('ENGINEER')")
    ResponseEntity<VisitView> sign(@PathVariable String id, @Valid @RequestBody ServiceFormBody body,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        ServiceForm form = new ServiceForm(body.signerName(), signature(body.signature()),
                new Evaluation(body.evaluation().score(), body.evaluation().comment()), clock.instant());
        return step(id, idempotencyKey, body, (all, visit) -> all.change(visit.id(), v -> v.sign(form)));
    }

    /**
     * The printable service form: HTML, or PDF for {@code Accept: application/pdf}. Times are shown in the zone
     * the caller asks for, China time by default.
     */
    @GetMapping(path = "/api/v1/visits/{id}/service-form", produces = {MediaType.TEXT_HTML_VALUE, MediaType.APPLICATION_PDF_VALUE})
    @PreAuthorize(READERS)
    ResponseEntity<byte[]> printable(@PathVariable String id,
            @RequestParam(defaultValue = "Asia/Shanghai") @Size(max = 50) String zone,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Size(max = 1000) String accept) {
        ZoneId shownIn = zone(zone);
        Visit visit = visits.seen(id, actor());
        String ticketId = ChildIds.parentOf(id, 'V', Visit.class);
        if (PrintFormat.wantsPdf(accept)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                            .filename("service-form-" + visit.id() + ".pdf").build().toString())
                    .body(ServiceFormPrint.of(ticketId, visit, shownIn).toPdf());
        }
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'")
                .body(ServiceFormPrint.of(ticketId, visit, shownIn).toHtml().getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping("/api/v1/visits/{id}/completion")
    @PreAuthorize("hasRole('ENGINEER')")
    ResponseEntity<VisitView> complete(@PathVariable String id, @Valid @RequestBody CompletionBody body,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        courteous("nextVisitReason", body.nextVisitReason());
        Instant now = clock.instant();
        Instant proposed = body.proposedNextVisitAt() == null ? null : body.proposedNextVisitAt().toInstant();
        if (proposed != null && !proposed.isAfter(now)) {
            throw ApiProblem.invalidField("proposedNextVisitAt", "must be in the future");
        }
        Completion completion = new Completion(body.outcome(), Boolean.TRUE.equals(body.cleanupDone()),
                body.nextVisitReason(), proposed, now);
        Answer completed = visits.step(id, actor(), keys.of(idempotencyKey, body), null, HttpStatus.OK,
                (all, visit) -> all.complete(visit.id(), completion));
        if (!completed.replayed()) {
            metrics.completed(completion.outcome());
        }
        return answer(completed);
    }

    /** A creating step: with an {@code Idempotency-Key}, a retry of the same request gets the first answer. */
    private ResponseEntity<VisitView> step(String id, String idempotencyKey, Object body,
            BiFunction<TicketVisits, Visit, Visit> step) {
        return answer(visits.step(id, actor(), keys.of(idempotencyKey, body), null, HttpStatus.OK, step));
    }

    private ResponseEntity<VisitView> answer(Answer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status()).eTag(answer.etag());
        if (answer.replayed()) {
            keys.replayed();
            response.header(IdempotencyKeys.REPLAYED, "true");
        }
        return response.body(answer.view());
    }

    /** Texts the customer reads are checked in every lexicon: they often mix Chinese and English. */
    private void courteous(String field, String text) {
        courtesy.requireCourteous(field, text, null);
    }

    private static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw ApiProblem.invalidField("zone", "is not a time zone");
        }
    }

    private static Actor actor() {
        return Actor.current().orElseThrow();
    }

    /** The signature must be a PNG or JPEG image, sent as base64 (a data URL prefix is allowed). */
    private static String signature(String encoded) {
        String data = encoded.startsWith("data:") ? encoded.substring(encoded.indexOf(',') + 1) : encoded;
        byte[] image;
        try {
            image = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField("signature", "must be a base64 PNG or JPEG image");
        }
        boolean png = image.length > 8 && (image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G';
        boolean jpeg = image.length > 3 && (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8;
        if (!png && !jpeg) {
            throw ApiProblem.invalidField("signature", "must be a base64 PNG or JPEG image");
        }
        return data;
    }

    /** What tells a retried upload from another: the file's bytes (by digest) and the form fields. */
    record Upload(String sha256, String filename, String caption) {
    }

}
