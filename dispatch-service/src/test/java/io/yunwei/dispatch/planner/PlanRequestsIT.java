package io.yunwei.dispatch.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;

/** The per-area requests and lease in the real store: one planner per area at a time, across instances. */
// MockMvc is not used here; the annotation keeps the Spring context the other dispatch tests share
@IntegrationTest
@AutoConfigureMockMvc
class PlanRequestsIT {

    @Autowired
    PlanRequests requests;

    private final String area = "P" + UUID.randomUUID().toString().substring(0, 6);

    @Test
    void givesTheAreaToOneInstanceAtATime() {
        assertThat(requests.claim(area, "instance-1", Duration.ofMinutes(1))).isTrue();
        assertThat(requests.claim(area, "instance-2", Duration.ofMinutes(1))).isFalse();
    }

    @Test
    void letsAnotherInstanceTakeOverALeaseThatRanOut() {
        assertThat(requests.claim(area, "instance-1", Duration.ofMillis(-1))).isTrue();

        assertThat(requests.claim(area, "instance-2", Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void forgetsRequestsThePlanCoveredButNotOnesThatCameAfter() {
        // held from the start, so this context's own planner leaves the area alone
        requests.claim(area, "instance-1", Duration.ofMinutes(1));
        requests.request(List.of(area));
        long covered = requests.pending().stream().filter(p -> p.area().equals(area)).findFirst().orElseThrow()
                .requested();
        requests.request(List.of(area));

        requests.done(area, "instance-1", covered, true);

        assertThat(requests.pending()).filteredOn(p -> p.area().equals(area)).singleElement()
                .satisfies(p -> assertThat(p.requested()).isGreaterThan(p.planned()));
    }

    @Test
    void remembersThatATicketMayWaitUntilAPlanCoveringEveryRequestLeftNoneWaiting() {
        requests.claim(area, "instance-1", Duration.ofMinutes(1));
        requests.requestForWaiting(area);
        long first = requested();
        requests.request(List.of(area));

        requests.done(area, "instance-1", first, true);

        assertThat(requests.pending()).filteredOn(p -> p.area().equals(area)).singleElement()
                .satisfies(p -> assertThat(p.waiting()).isTrue());
    }

    private long requested() {
        return requests.pending().stream().filter(p -> p.area().equals(area)).findFirst().orElseThrow().requested();
    }
}
