package io.yunwei.intake.call;

import java.time.Duration;
import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** One phone call as the telephony system reported it, with how long it rang before an agent answered. */
@Document("calls")
record Call(@Id String id, Instant ringingAt, Instant answeredAt, Instant endedAt, String agentId,
        String callerNumber, Duration answerTime, Boolean withinThreeRings, Instant recordedAt) {
}
