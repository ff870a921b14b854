package io.yunwei.dispatch.planner;

import static io.yunwei.dispatch.planner.Plans.EIGHT;
import static io.yunwei.dispatch.planner.Plans.FIVE_PM;
import static io.yunwei.dispatch.planner.Plans.FAR;
import static io.yunwei.dispatch.planner.Plans.NEAR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CrewTest {

    private static final Location HOME = new Location(31.30, 121.55);

    @Test
    void travelsFromHomeToTheFirstSiteWhenNothingIsInHand() {
        Crew crew = crew(null).plan(new Job("t1", "A", List.of("UPS"), "P3", EIGHT, Job.NO_TARGET, 60, FAR));

        assertThat(crew.stops().getFirst().travelMinutes()).isEqualTo(Location.travelMinutes(HOME, FAR, 30))
                .isNotEqualTo(Location.UNKNOWN_TRIP_MINUTES);
    }

    @Test
    void travelsFromTheSiteOfTheVisitInHandRatherThanFromHome() {
        Crew crew = crew(NEAR).plan(new Job("t1", "A", List.of("UPS"), "P3", EIGHT, Job.NO_TARGET, 60, FAR));

        assertThat(crew.stops().getFirst().travelMinutes()).isEqualTo(Location.travelMinutes(NEAR, FAR, 30))
                .isNotEqualTo(Location.travelMinutes(HOME, FAR, 30));
    }

    private static Crew crew(Location inHandAt) {
        return new Crew("e1", Map.of("UPS", 3), Set.of("A"), Set.of(), 3, true, 0, HOME, EIGHT, inHandAt,
                List.of(new long[] { EIGHT, FIVE_PM }), 30);
    }
}
