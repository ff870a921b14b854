package io.yunwei.bench.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BreakersTest {

    private static String metrics(String intakeState, int intakeFailed) {
        return """
                # HELP resilience4j_circuitbreaker_state The states of the circuit breaker
                # TYPE resilience4j_circuitbreaker_state gauge
                resilience4j_circuitbreaker_state{application="gateway",name="intake",state="closed"} %s
                resilience4j_circuitbreaker_state{application="gateway",name="intake",state="open"} %s
                resilience4j_circuitbreaker_state{application="gateway",name="field",state="closed"} 1.0
                resilience4j_circuitbreaker_state{application="gateway",name="field",state="open"} 0.0
                resilience4j_circuitbreaker_calls_seconds_count{application="gateway",kind="failed",name="intake"} %d
                resilience4j_circuitbreaker_calls_seconds_count{application="gateway",kind="successful",name="intake"} 40
                resilience4j_circuitbreaker_calls_seconds_count{application="gateway",kind="failed",name="field"} 2
                """.formatted(intakeState.equals("closed") ? "1.0" : "0.0", intakeState.equals("open") ? "1.0" : "0.0",
                intakeFailed);
    }

    @Test
    void readsEachBreakersStateAndFailedCalls() {
        Breakers breakers = Breakers.parse(metrics("open", 7));

        assertThat(breakers.states()).containsEntry("intake", "open").containsEntry("field", "closed");
        assertThat(breakers.failedCalls()).containsEntry("intake", 7.0).containsEntry("field", 2.0);
    }

    @Test
    void findsNothingWhenEveryBreakerStayedClosedAndCountedNoMoreFailures() {
        assertThat(Breakers.parse(metrics("closed", 3)).problemSince(Breakers.parse(metrics("closed", 3)))).isNull();
    }

    @Test
    void reportsAnOpenBreaker() {
        assertThat(Breakers.parse(metrics("open", 3)).problemSince(Breakers.parse(metrics("closed", 3))))
                .contains("intake's circuit breaker is open");
    }

    @Test
    void reportsFailuresCountedWhileTheBreakerStayedClosed() {
        assertThat(Breakers.parse(metrics("closed", 5)).problemSince(Breakers.parse(metrics("closed", 3))))
                .contains("2 call(s) counted as intake failing");
    }
}
