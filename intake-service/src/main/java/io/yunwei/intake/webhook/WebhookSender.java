package io.yunwei.intake.webhook;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.yunwei.intake.webhook.Deliveries.Attempt;
import io.yunwei.intake.webhook.Deliveries.Lane;
import io.yunwei.intake.webhook.Deliveries.Message;

/**
 * Sends what is due, on every instance: it claims due lanes ({@link DeliveryQueue#claim}) and sends each lane's head,
 * then the next, until one fails; a failed head is tried again on the policy's schedule (with jitter, or when the
 * endpoint's {@code Retry-After} says) while the rest of its lane waits, so one ticket's messages reach an endpoint in
 * order. Only a 2xx answer delivers. A 410 disables the subscription; so does failing for the configured days.
 * The lanes it claims are those {@link DueLanes} knows to be due, and those a look at every waiting lane, once per
 * poll interval, finds due.
 */
@Component
class WebhookSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    static final String DELIVERED = "delivered";
    static final String RETRIED = "retried";
    static final String FAILED = "failed";
    private static final Duration DISABLED_RECHECK = Duration.ofHours(1);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    private static final Duration PURGE = Duration.ofHours(1);

    private final DeliveryQueue queue;
    private final DueLanes lanes;
    private final Webhooks webhooks;
    private final WebhookPolicy policy;
    private final Clock clock;
    private final MeterRegistry meters;
    private final MultiGauge oldestWaiting;
    private final String token = UUID.randomUUID().toString();
    private final CloseableHttpClient http;
    private final Semaphore free;
    private volatile boolean running;
    private ExecutorService senders;
    private ScheduledExecutorService timers;
    private Thread poller;
    private Instant nextSearch = Instant.EPOCH;
    private Instant nextPurge = Instant.EPOCH;

    WebhookSender(DeliveryQueue queue, DueLanes lanes, Webhooks webhooks, TargetPolicy targets, WebhookPolicy policy,
            Clock clock, MeterRegistry meters) {
        this.queue = queue;
        this.lanes = lanes;
        this.webhooks = webhooks;
        this.policy = policy;
        this.clock = clock;
        this.meters = meters;
        this.free = new Semaphore(policy.senders());
        this.oldestWaiting = MultiGauge.builder("yunwei.webhooks.oldest.waiting").baseUnit("seconds")
                .description("How long the oldest message waiting for each webhook endpoint has waited").register(meters);
        Timeout timeout = Timeout.of(policy.timeout());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(targets.resolver())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                                .setSocketTimeout(timeout).build())
                        .setMaxConnTotal(policy.senders() * 2).setMaxConnPerRoute(policy.senders()).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout)
                        .setConnectionRequestTimeout(timeout).setRedirectsEnabled(false).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableAuthCaching()
                .disableContentCompression().setUserAgent("Yunwei-Webhooks/1").build();
    }

    private void poll() {
        while (running) {
            try {
                Instant now = clock.instant();
                if (lanes.searchWanted() || !now.isBefore(nextSearch)) {
                    nextSearch = now.plus(policy.poll());
                    search(now);
                }
                if (!now.isBefore(nextPurge)) {
                    nextPurge = now.plus(PURGE);
                    queue.purge();
                }
                for (String lane : lanes.take(now, free.availablePermits())) {
                    claimAndSend(lane);
                }
            } catch (RuntimeException e) {
                log.warn("looking for due webhook messages failed; trying again", e);
            }
            try {
                lanes.await(clock.instant(), nextSearch, free.availablePermits() > 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /**
     * Looks at every waiting lane: those due now are claimed like the ones this instance was told of (another
     * instance's retries, a lane whose instance died), and the oldest waiting message of each subscription is measured.
     */
    private void search(Instant now) {
        Map<String, Instant> oldest = new HashMap<>();
        for (Lane lane : queue.waiting()) {
            if (!lane.nextAttemptAt().isAfter(now)) {
                lanes.due(lane.id(), lane.nextAttemptAt());
            }
            if (lane.queue() != null && !lane.queue().isEmpty() && lane.headSince() != null) {
                oldest.merge(lane.webhookId(), lane.headSince(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        oldestWaiting.register(oldest.entrySet().stream().map(entry -> MultiGauge.Row.of(Tags.of("webhook", entry.getKey()),
                Math.max(0, Duration.between(entry.getValue(), now).toMillis() / 1000.0))).toList(), true);
    }

    private void claimAndSend(String id) {
        if (!free.tryAcquire()) {
            lanes.due(id, clock.instant());
            return;
        }
        Optional<Lane> claimed;
        try {
            claimed = queue.claim(id, token, policy.lease());
        } catch (RuntimeException e) {
            free.release();
            throw e;
        }
        if (claimed.isEmpty()) {
            free.release();
            return;
        }
        senders.execute(() -> {
            Optional<Instant> next = Optional.empty();
            try {
                next = send(claimed.get());
            } catch (RuntimeException e) {
                log.warn("sending webhook lane {} failed; it is due again when its lease ends", id, e);
            } finally {
                free.release();
                next.ifPresentOrElse(at -> lanes.due(id, at), lanes::poke);
            }
        });
    }

    /**
     * Sends a claimed lane's messages in order, until one fails or the lane is empty.
     *
     * @return when the lane is due again, if this instance should try it then; empty if it is idle or no longer held
     */
    Optional<Instant> send(Lane lane) {
        Webhook webhook = webhooks.find(lane.webhookId()).orElse(null);
        if (webhook == null) {
            queue.forget(lane.webhookId());
            return Optional.empty();
        }
        if (!webhook.enabled()) {
            Instant recheck = clock.instant().plus(DISABLED_RECHECK);
            queue.release(lane.id(), token, lane.attempt(), recheck);
            return Optional.of(recheck);
        }
        int attempt = lane.attempt() == null ? 0 : lane.attempt();
        for (String head : lane.queue()) {
            Message message = queue.message(head).orElse(null);
            if (message == null) {
                queue.advance(lane.id(), token, head, policy.lease());
                continue;
            }
            attempt++;
            Outcome outcome = post(webhook, message);
            Instant now = clock.instant();
            boolean last = attempt >= policy.attempts();
            Instant next = outcome.delivered() || outcome.statusCode() == 410 || last ? null
                    : now.plus(outcome.retryAfter() != null ? outcome.retryAfter() : jittered(policy.retrySchedule().get(attempt - 1)));
            queue.record(new Attempt(message.id() + "#" + UUID.randomUUID(), webhook.id(), message.id(), message.eventId(),
                    message.type(), message.ticketId(), attempt, now, outcome.delivered() ? "SUCCEEDED" : "FAILED",
                    outcome.statusCode(), outcome.latency().toMillis(), outcome.error(), next));
            if (outcome.delivered()) {
                queue.settle(message, DeliveryQueue.DELIVERED, attempt, now);
                count(webhook, DELIVERED);
                webhooks.succeeded(webhook);
                webhook = webhook.healthy();
                if (!moveOn(lane, head)) {
                    return Optional.empty();
                }
                attempt = 0;
                continue;
            }
            if (outcome.statusCode() != null && outcome.statusCode() == 410) {
                webhooks.gone(webhook);
                queue.settle(message, DeliveryQueue.PENDING, attempt, now);
                queue.release(lane.id(), token, attempt, now.plus(DISABLED_RECHECK));
                count(webhook, FAILED);
                return Optional.of(now.plus(DISABLED_RECHECK));
            }
            webhooks.failed(webhook, outcome.statusCode(), outcome.error());
            if (!last) {
                queue.settle(message, DeliveryQueue.PENDING, attempt, now);
                queue.release(lane.id(), token, attempt, next);
                count(webhook, RETRIED);
                return Optional.of(next);
            }
            queue.settle(message, DeliveryQueue.FAILED, attempt, now);
            count(webhook, FAILED);
            if (!moveOn(lane, head)) {
                return Optional.empty();
            }
            attempt = 0;
        }
        return queue.releaseEmpty(lane.id(), token);
    }

    /**
     * Takes the settled head off the claimed lane. When it was the last the lane held as claimed, the lane goes idle
     * in the same write, unless something was queued behind it since. False when the lane is done with: idle, or no
     * longer this instance's.
     */
    private boolean moveOn(Lane lane, String head) {
        if (head.equals(lane.queue().getLast()) && queue.advanceToIdle(lane.id(), token, head)) {
            return false;
        }
        return queue.advance(lane.id(), token, head, policy.lease());
    }

    private Outcome post(Webhook webhook, Message message) {
        long timestamp = clock.instant().getEpochSecond();
        HttpPost post = new HttpPost(webhook.url());
        post.setHeader("webhook-id", message.eventId());
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        post.setHeader("webhook-signature", String.join(" ", webhooks.signing(webhook).stream()
                .map(secret -> SigningSecrets.sign(secret, message.eventId(), timestamp, message.body())).toList()));
        post.setEntity(new StringEntity(message.body(), ContentType.APPLICATION_JSON));
        // the whole attempt, connection and answer, within the timeout however slowly the endpoint drips
        ScheduledFuture<?> deadline = timers.schedule(post::cancel, policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        try {
            return http.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                int code = response.getCode();
                Duration latency = Duration.ofNanos(System.nanoTime() - started);
                boolean delivered = code >= 200 && code < 300;
                Duration retryAfter = code == 429 || code == 503 ? retryAfter(response.getFirstHeader("Retry-After")) : null;
                return new Outcome(delivered, code, latency, delivered ? null : "HTTP " + code, retryAfter);
            });
        } catch (IOException | RuntimeException e) {
            String error = post.isCancelled() ? "no answer within " + policy.timeout().toSeconds() + " s"
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Outcome(false, null, Duration.ofNanos(System.nanoTime() - started),
                    error.length() > 500 ? error.substring(0, 500) : error, null);
        } finally {
            deadline.cancel(false);
        }
    }

    private Duration retryAfter(Header header) {
        if (header == null) {
            return null;
        }
        String value = header.getValue().strip();
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    private Duration jittered(Duration wait) {
        double share = policy.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(wait.toMillis() * (1 + share))));
    }

    private void count(Webhook webhook, String outcome) {
        Counter.builder("yunwei.webhooks.deliveries").description("Webhook attempts by outcome: delivered, retried"
                + " (failed, to be tried again) and failed (given up, or the endpoint is gone)")
                .tags("webhook", webhook.id(), "outcome", outcome).register(meters).increment();
    }

    private record Outcome(boolean delivered, Integer statusCode, Duration latency, String error, Duration retryAfter) {
    }

    @Override
    public void start() {
        running = true;
        senders = Executors.newFixedThreadPool(policy.senders(), Thread.ofPlatform().name("webhook-sender-", 0).daemon().factory());
        timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("webhook-deadline").daemon().factory());
        poller = Thread.ofPlatform().name("webhook-poller").daemon().start(this::poll);
    }

    @Override
    public void stop() {
        running = false;
        lanes.poke();
        try {
            poller.join(Duration.ofSeconds(5));
            senders.shutdown();
            if (!senders.awaitTermination(policy.timeout().toSeconds() + 1, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        try {
            http.close();
        } catch (IOException e) {
            log.debug("closing the webhook client", e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
