package io.yunwei.bench.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.yunwei.bench.Gateway.Call;
import io.yunwei.bench.Gateway.Response;

class VerdictTest {

    private static BadInputSweep.Case testCase(BadInputSweep.Expect expect) {
        return new BadInputSweep.Case("case", Call.of("GET", "/api/v1/tickets/x"), expect);
    }

    private static Response response(int status, String type, String body) {
        return new Response(status, type, body, 1, Map.of());
    }

    @Test
    void failsAServerError() {
        assertThat(BadInputSweep.judge(testCase(BadInputSweep.Expect.ANY), response(500, "application/problem+json",
                "{\"code\":\"INTERNAL\"}"))).startsWith("FAIL");
    }

    @Test
    void failsAnErrorThatIsNoProblemDocument() {
        assertThat(BadInputSweep.judge(testCase(BadInputSweep.Expect.ANY), response(400, "text/html", "<html>")))
                .startsWith("FAIL");
    }

    @Test
    void failsAnotherTenantsObjectShown() {
        assertThat(BadInputSweep.judge(testCase(BadInputSweep.Expect.HIDDEN), response(200, "application/json", "{}")))
                .startsWith("FAIL");
    }

    @Test
    void passesAProblemWithACode() {
        assertThat(BadInputSweep.judge(testCase(BadInputSweep.Expect.REJECT), response(404, "application/problem+json",
                "{\"code\":\"NOT_FOUND\"}"))).isEqualTo("OK");
    }

    @Test
    void failsAnOversizedBodyThatIsNotRefusedAsTooLarge() {
        assertThat(BadInputSweep.judge(testCase(BadInputSweep.Expect.TOO_LARGE), response(400,
                "application/problem+json", "{\"code\":\"VALIDATION_FAILED\"}"))).startsWith("FAIL");
        assertThat(BadInputSweep.judge(testCase(BadInputSweep.Expect.TOO_LARGE), response(413,
                "application/problem+json", "{\"code\":\"BODY_TOO_LARGE\"}"))).isEqualTo("OK");
    }

    @Test
    void failsAStalledBodyThatIsNotAnsweredAsTimedOut() {
        assertThat(BadInputSweep.judge(testCase(BadInputSweep.Expect.TIMED_OUT), response(0, "", "timed out")))
                .startsWith("FAIL");
        assertThat(BadInputSweep.judge(testCase(BadInputSweep.Expect.TIMED_OUT), response(408,
                "application/problem+json", "{\"code\":\"REQUEST_TIMEOUT\"}"))).isEqualTo("OK");
    }
}
