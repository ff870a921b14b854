package io.yunwei.chassis.testkit;

import static io.yunwei.chassis.testkit.Callers.role;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

/**
 * Today's texts refused for courtesy, as a supervisor reads them from a service's report; tests compare two readings,
 * since the store is shared by every test of the service.
 */
public record CourtesyRefusalCount(String report) {

    /** Reads the service's report of the last seven days, whose last day is today. */
    public static CourtesyRefusalCount today(MockMvc mvc, String service) throws Exception {
        return new CourtesyRefusalCount(mvc.perform(get("/api/v1/admin/{service}/courtesy-refusals", service)
                .with(role("SUPERVISOR"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    /** Texts refused today. */
    public long refusals() {
        return number("$.days[6].refusals");
    }

    /** Texts refused today with a finding in the category ({@code "DEFLECTION"}). */
    public long in(String category) {
        return number("$.days[6].categories." + category);
    }

    /** Texts the person refused over the seven days. */
    public long by(String actor) {
        List<Number> refusals = JsonPath.read(report, "$.actors[?(@.actor == '" + actor + "')].refusals");
        return refusals.isEmpty() ? 0 : refusals.getFirst().longValue();
    }

    private long number(String path) {
        return ((Number) JsonPath.read(report, path)).longValue();
    }
}
