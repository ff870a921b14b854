package io.yunwei.intake.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.IfMatch;
import io.yunwei.chassis.web.PageView;
import io.yunwei.intake.webhook.Deliveries.Attempt;
import io.yunwei.intake.webhook.WebhookRequests.NewWebhook;
import io.yunwei.intake.webhook.WebhookRequests.Replay;
import io.yunwei.intake.webhook.WebhookRequests.WebhookChange;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/** Webhook subscriptions (Standard Webhooks 1.0): their management, delivery log, tests and replays. */
@RestController
@Validated
class WebhookController {

    private static final String OWNERS = "hasAnyRole('CUSTOMER', 'ADMIN')";

    private final Webhooks webhooks;
    private final IdempotencyKeys keys;

    WebhookController(Webhooks webhooks, IdempotencyKeys keys) {
        this.webhooks = webhooks;
        this.keys = keys;
    }

    @PostMapping("/api/v1/webhooks")
    @PreAuthorize(OWNERS)
    ResponseEntity<WebhookView> create(@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @Valid @RequestBody NewWebhook request) {
        Webhooks.Created created = webhooks.create(actor(), request, keys.of(key, request));
        ResponseEntity.BodyBuilder response = ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.webhook().id()));
        if (created.replayed()) {
            keys.replayed();
            response.header(IdempotencyKeys.REPLAYED, "true");
        }
        return response.body(WebhookView.of(created.webhook(), created.secret()));
    }

    @GetMapping("/api/v1/webhooks")
    @PreAuthorize(OWNERS)
    PageView<WebhookView> list(@RequestParam(required = false) String customerId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        PageView<Webhook> found = webhooks.list(actor(), customerId, page, size);
        return new PageView<>(found.content().stream().map(WebhookView::of).toList(), found.page(), found.size(),
                found.totalElements(), found.totalPages());
    }

    @GetMapping("/api/v1/webhooks/{id}")
    @PreAuthorize(OWNERS)
    ResponseEntity<WebhookView> get(@PathVariable String id) {
        Webhook webhook = webhooks.visible(actor(), id);
        return ResponseEntity.ok().eTag(webhook.etag()).body(WebhookView.of(webhook));
    }

    @PatchMapping("/api/v1/webhooks/{id}")
    @PreAuthorize(OWNERS)
    ResponseEntity<WebhookView> change(@PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody WebhookChange change) {
        Webhook changed = webhooks.change(actor(), id, change, IfMatch.of(ifMatch));
        return ResponseEntity.ok().eTag(changed.etag()).body(WebhookView.of(changed));
    }

    @DeleteMapping("/api/v1/webhooks/{id}")
    @PreAuthorize(OWNERS)
    ResponseEntity<Void> delete(@PathVariable String id) {
        webhooks.delete(actor(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/webhooks/{id}/secret-rotation")
    @PreAuthorize(OWNERS)
    Webhooks.Rotated rotate(@PathVariable String id) {
        return webhooks.rotate(actor(), id);
    }

    @PostMapping("/api/v1/webhooks/{id}/test")
    @PreAuthorize(OWNERS)
    ResponseEntity<Map<String, String>> test(@PathVariable String id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(webhooks.test(actor(), id));
    }

    @GetMapping("/api/v1/webhooks/{id}/deliveries")
    @PreAuthorize(OWNERS)
    PageView<Attempt> deliveries(@PathVariable String id,
            @RequestParam(required = false) @Pattern(regexp = "SUCCEEDED|FAILED") String status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return webhooks.attempts(actor(), id, status, page, size);
    }

    @PostMapping("/api/v1/webhooks/{id}/replay")
    @PreAuthorize(OWNERS)
    ResponseEntity<Map<String, Object>> replay(@PathVariable String id, @Valid @RequestBody Replay window) {
        Instant from = window.from().toInstant();
        Instant to = window.to().toInstant();
        int replayed = webhooks.replay(actor(), id, from, to);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("webhookId", id, "from", from, "to", to,
                "replayed", replayed));
    }

    private static Actor actor() {
        return Actor.current().orElseThrow();
    }
}
