package io.yunwei.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import io.yunwei.bench.Gateway.Call;
import io.yunwei.bench.Gateway.Response;

/**
 * One ticket's whole lifecycle through the gateway, as an agent and the assigned engineer would drive it: record
 * (a customer call for acme) → read-back → assigned → accepted → appointment → check-in → checklist → diagnosis →
 * inspection → resolution → signed form → completion → closed → callback scheduled.
 *
 * <p>Calls that meet a connection failure, 429 or 5xx are retried until the step's deadline, so the driver rides
 * out a crashed service; a 409 after such a retry counts as done (the first attempt may have landed).
 */
public final class Lifecycle {

    /** Hears every HTTP call of a lifecycle. */
    public interface Sink {
        void call(String step, long startedEpochMillis, Response response);
    }

    /** How a lifecycle ended: the ticket id (null if none was accepted), whether it finished, and why not. */
    public record Outcome(String ticketId, String idempotencyKey, String recordBody, Response firstRecordResponse,
            boolean finished, String failure, long startedEpochMillis, long nanos, List<String> retried) {
    }

    static final String SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private final Gateway gateway;
    private final Sink sink;
    private final Duration stepTimeout;
    /**
     * How often a step waited for is asked after: every quarter second for its first two seconds, then half as long
     * again each time up to two seconds. A system catching up after a fault has hundreds of lifecycles waiting; asked
     * four times a second each, their reads alone would keep it from catching up.
     */
    private static final Duration FIRST_POLL = Duration.ofMillis(250);
    private static final Duration PATIENT_AFTER = Duration.ofSeconds(2);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(2);

    public Lifecycle(Gateway gateway, Sink sink, Duration stepTimeout) {
        this.gateway = gateway;
        this.sink = sink;
        this.stepTimeout = stepTimeout;
    }

    public static String ticketBody(String customer, String site, String asset) {
        return """
                {"channel":"CUSTOMER_CALL","customerId":"%s","siteId":"%s","assetIds":["%s"],
                 "reporter":{"name":"张伟","phone":"+86 138 0000 0001","organization":"Acme"},
                 "when":{"occurredAt":"2026-11-25T09:30:00+08:00"},"who":{"reportedBy":"张伟","affectedUsers":"财务部"},
                 "where":{"location":"机房 A 排 3 号柜"},"what":{"symptom":"UPS 告警灯闪烁","errorMessages":["E21"]},
                 "why":{"suspectedCause":"电池老化"},"how":{"discoveredHow":"客户来电","impact":"HIGH","urgency":"MEDIUM"}}"""
                .formatted(customer, site, asset);
    }

    public Outcome run() {
        return runOnNewAsset("acme", "acme-hq");
    }

    /**
     * A lifecycle on an asset of its own, added first: intake links a customer's call about an asset that already
     * has a live ticket to that ticket (status LINKED), so concurrent lifecycles must not share an asset.
     */
    public Outcome runOnNewAsset(String customer, String site) {
        String asset = "bench-" + UUID.randomUUID().toString().substring(0, 13);
        try {
            call(new State(), "add-asset", Call.of("POST", "/api/v1/assets").as("agent").json("""
                    {"id":"%s","customerId":"%s","siteId":"%s","category":"UPS","model":"APC Smart-UPS 3000",
                     "serialNumber":"%s","location":"机房 A 排 3 号柜"}""".formatted(asset, customer, site,
                    asset.substring(6).toUpperCase())), 201);
        } catch (Failed e) {
            return new Outcome(null, null, null, null, false, e.getMessage(), System.currentTimeMillis(), 0, List.of());
        }
        return run(customer, site, asset);
    }

    public Outcome run(String customer, String site, String asset) {
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        String key = UUID.randomUUID().toString();
        String body = ticketBody(customer, site, asset);
        var state = new State();
        Response first = null;
        String ticket = null;
        try {
            Response created = call(state, "record", Call.of("POST", "/api/v1/tickets").as("agent")
                    .header("Idempotency-Key", key).json(body), 201);
            first = created;
            ticket = created.text("id");
            if ("LINKED".equals(created.text("status"))) {
                throw new Failed("recorded as LINKED to " + created.text("duplicateOf") + " (asset " + asset + " has a live ticket)");
            }
            call(state, "read-back", Call.of("POST", "/api/v1/tickets/" + ticket + "/read-back").as("agent").json(
                    "{\"confirmedBy\":\"张伟\",\"summaryReadBack\":\"机房 A 排 3 号柜 UPS 告警灯闪烁，错误码 E21，疑似电池老化，影响高\"}"),
                    200);
            call(state, "read", Call.of("GET", "/api/v1/tickets/" + ticket).as("agent"), 200);
            Response assigned = await(state, "await-assigned", Call.of("GET", "/api/v1/tickets/" + ticket).as("agent"),
                    r -> r.status() == 200 && r.text("engineerId") != null && !"OPEN".equals(r.text("status")));
            String engineer = assigned.text("engineerId");
            String client = Target.clientOf(engineer);
            if (client == null) {
                throw new Failed("assigned to " + engineer + ", for whom the bench has no token");
            }
            // the first dispatch of a ticket is <ticket>-D1; it answers 404 to anyone but its engineer
            String dispatch = ticket + "-D1";
            await(state, "await-dispatch", Call.of("GET", "/api/v1/dispatches/" + dispatch).as(client),
                    r -> r.status() == 200);
            call(state, "accept", Call.of("POST", "/api/v1/dispatches/" + dispatch + "/acceptance").as(client), 200);
            Instant start = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
            call(state, "appointment", Call.of("POST", "/api/v1/dispatches/" + dispatch + "/appointment").as(client).json("""
                    {"windowStart":"%s","windowEnd":"%s","contactOnArrival":{"name":"张伟","phone":"+86 138 0000 0001"},
                     "preNotice":"张先生您好，我是运维工程师，将按约定时间到贵司机房检修 UPS，请安排人员接待，谢谢。"}"""
                    .formatted(start, start.plus(2, ChronoUnit.HOURS))), 200, 201);
            String visit = ticket + "-V1";
            await(state, "await-visit", Call.of("GET", "/api/v1/visits/" + visit).as(client), r -> r.status() == 200);
            String v = "/api/v1/visits/" + visit;
            call(state, "check-in", Call.of("POST", v + "/check-in").as(client), 200);
            call(state, "checklist", Call.of("PUT", v + "/site-checklist").as(client).json("""
                    {"uniformWorn":true,"badgeShown":true,"questions":[
                      {"topic":"SHOE_COVERS","asked":true,"answer":"REQUIRED","complied":true},
                      {"topic":"ANTI_STATIC","asked":true,"answer":"REQUIRED","complied":true},
                      {"topic":"REGISTRATION","asked":true,"answer":"REQUIRED","complied":true},
                      {"topic":"OTHER_RULES","asked":true,"answer":"REQUIRED","complied":true}]}"""), 200);
            call(state, "diagnosis", Call.of("POST", v + "/diagnosis").as(client).json(
                    "{\"symptomRestated\":\"UPS 告警灯闪烁\",\"causeExplained\":\"电池组老化，储电不足，所以告警\"}"), 200);
            call(state, "resolution", Call.of("POST", v + "/resolution").as(client).json(
                    "{\"solution\":\"更换 UPS 电池组\",\"emergencyHandling\":\"告警时切换旁路\",\"maintenanceAdvice\":\"每季度做一次放电测试\"}"),
                    200);
            call(state, "inspection", Call.of("POST", v + "/inspection").as(client).json(
                    "{\"items\":[{\"assetId\":\"" + asset + "\",\"status\":\"OK\",\"note\":\"更换后自检正常\"}]}"), 200);
            call(state, "service-form", Call.of("POST", v + "/service-form").as(client).json(
                    "{\"signerName\":\"张伟\",\"signature\":\"" + SIGNATURE + "\",\"evaluation\":{\"score\":5,\"comment\":\"专业\"}}"),
                    200);
            call(state, "completion", Call.of("POST", v + "/completion").as(client)
                    .json("{\"outcome\":\"RESOLVED\",\"cleanupDone\":true}"), 200);
            await(state, "await-closed", Call.of("GET", "/api/v1/tickets/" + ticket).as("agent"),
                    r -> r.status() == 200 && "CLOSED".equals(r.text("status")));
            await(state, "await-callback", Call.of("GET", "/api/v1/callbacks?ticketId=" + ticket).as("agent"),
                    r -> r.status() == 200 && r.json().isArray() && !r.json().isEmpty()
                            || r.status() == 200 && r.json().path("content").isArray() && !r.json().path("content").isEmpty());
            return new Outcome(ticket, key, body, first, true, null, startedMillis, System.nanoTime() - started,
                    state.retried);
        } catch (Failed e) {
            return new Outcome(ticket, key, body, first, false, e.getMessage(), startedMillis,
                    System.nanoTime() - started, state.retried);
        }
    }

    private Response call(State state, String step, Call call, int... expected) {
        long started = System.nanoTime();
        long deadline = started + stepTimeout.toNanos();
        boolean retriedOnce = false;
        Duration pause = Duration.ofMillis(500);
        while (true) {
            long startedMillis = System.currentTimeMillis();
            Response response = gateway.send(call);
            sink.call(step, startedMillis, response);
            for (int status : expected) {
                if (response.status() == status) {
                    return response;
                }
            }
            if (retriedOnce && response.status() == 409) {
                // the earlier attempt landed before its answer was lost
                return response;
            }
            boolean transientFailure = response.status() == 0 || response.status() == 429 || response.status() >= 500;
            if (!transientFailure || System.nanoTime() > deadline) {
                throw new Failed(step + ": " + call.describe() + " → " + response);
            }
            retriedOnce = true;
            state.retried.add(step + "→" + response.status());
            pause = nextPoll(pause, System.nanoTime() - started);
            LockSupport.parkNanos(pause.toNanos());
        }
    }

    private Response await(State state, String step, Call call, Predicate<Response> done) {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        Response last;
        Duration interval = FIRST_POLL;
        do {
            last = gateway.send(call);
            if (done.test(last)) {
                sink.call(step, startedMillis, new Response(last.status(), last.contentType(), last.body(),
                        System.nanoTime() - started, last.headers()));
                return last;
            }
            interval = nextPoll(interval, System.nanoTime() - started);
            LockSupport.parkNanos(interval.toNanos());
        } while (System.nanoTime() < deadline);
        throw new Failed(step + " not reached within " + stepTimeout.toSeconds() + " s; last " + call.describe()
                + " → " + last);
    }

    /** The pause before the next attempt: {@code interval} while the step is young, then longer, up to the longest. */
    static Duration nextPoll(Duration interval, long waitedNanos) {
        if (waitedNanos < PATIENT_AFTER.toNanos()) {
            return interval;
        }
        Duration longer = interval.plus(interval.dividedBy(2));
        return longer.compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : longer;
    }

    private static final class State {
        final List<String> retried = new ArrayList<>();
    }

    private static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }
    }
}
