package io.yunwei.intake.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Stores calls and measures the answer time against the three-ring target. A call reported twice (the telephony
 * system retries) is stored and measured once.
 */
@Service
public class CallLog {

    private final MongoTemplate mongo;
    private final CallPolicy policy;
    private final Clock clock;
    private final AnswerTallies tallies;
    private final Timer answerTime;
    private final Counter withinThreeRings;
    private final Counter afterThreeRings;
    private final Counter unanswered;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong answeredInTime = new AtomicLong();

    CallLog(MongoTemplate mongo, CallPolicy policy, Clock clock, MeterRegistry meters, AnswerTallies tallies) {
        this.mongo = mongo;
        this.tallies = tallies;
        this.policy = policy;
        this.clock = clock;
        this.answerTime = Timer.builder("yunwei.calls.answer.time")
                .description("Ringing time until an agent answered").publishPercentileHistogram()
                .serviceLevelObjectives(policy.threeRings()).register(meters);
        this.withinThreeRings = Counter.builder("yunwei.calls.answered").tag("within_three_rings", "true")
                .description("Calls answered, by whether within three rings").register(meters);
        this.afterThreeRings = Counter.builder("yunwei.calls.answered").tag("within_three_rings", "false")
                .description("Calls answered, by whether within three rings").register(meters);
        this.unanswered = Counter.builder("yunwei.calls.unanswered").description("Calls nobody answered")
                .register(meters);
        // since this instance started; the counters above give the exact share across instances in Prometheus
        Gauge.builder("yunwei.calls.three.rings.share",
                () -> answered.get() == 0 ? 1.0 : answeredInTime.get() / (double) answered.get())
                .description("Share of answered calls answered within three rings").register(meters);
    }

    Call record(CallReport report) {
        Duration ringing = report.answeredAt() == null ? null : Duration.between(report.ringingAt(), report.answeredAt());
        Boolean inTime = ringing == null ? null : ringing.compareTo(policy.threeRings()) <= 0;
        Call call = new Call(report.id(), report.ringingAt(), report.answeredAt(), report.endedAt(), report.agentId(),
                report.callerNumber(), ringing, inTime, clock.instant());
        try {
            mongo.insert(call);
        } catch (DuplicateKeyException e) {
            return mongo.findById(report.id(), Call.class);
        }
        tallies.count(call);
        if (ringing == null) {
            unanswered.increment();
        } else {
            answerTime.record(ringing);
            answered.incrementAndGet();
            (inTime ? withinThreeRings : afterThreeRings).increment();
            if (inTime) {
                answeredInTime.incrementAndGet();
            }
        }
        return call;
    }

    Optional<Call> find(String callId) {
        return Optional.ofNullable(mongo.findById(callId, Call.class));
    }

    public boolean exists(String callId) {
        return find(callId).isPresent();
    }

    /** The number the telephony system saw calling, if the call is known and the number was not withheld. */
    public Optional<String> callerNumber(String callId) {
        return find(callId).map(Call::callerNumber);
    }

    record CallReport(String id, Instant ringingAt, Instant answeredAt, Instant endedAt,
            String agentId, String callerNumber) {
    }
}
