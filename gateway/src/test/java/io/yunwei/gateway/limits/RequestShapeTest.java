package io.yunwei.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class RequestShapeTest {

    @Test
    void letsOrdinaryRequestsThrough() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/tickets/T-20261125-0001/timeline");
        request.addHeader("Idempotency-Key", "2f1c0a6e-8d1e-4f57-9c43-8f0d6b1f7a10");
        assertThat(EdgeLimits.refusal(request)).isNull();
    }

    @Test
    void refusesEncodedSlashesBackslashesAndNulInThePath() {
        assertThat(EdgeLimits.refusal(new MockHttpServletRequest("PUT", "/api/v1/customers/..%2F..%2Factuator/contract")))
                .contains("encoded slash");
        assertThat(EdgeLimits.refusal(new MockHttpServletRequest("GET", "/api/v1/customers/a%00b"))).isNotNull();
        assertThat(EdgeLimits.refusal(new MockHttpServletRequest("GET", "/api/v1/customers/a%5Cb"))).isNotNull();
    }

    @Test
    void refusesOverlongPathSegmentsAndIdempotencyKeys() {
        assertThat(EdgeLimits.refusal(new MockHttpServletRequest("GET", "/api/v1/visits/" + "v".repeat(5000))))
                .contains("path segment");
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/tickets");
        request.addHeader("Idempotency-Key", "k".repeat(8192));
        assertThat(EdgeLimits.refusal(request)).contains("Idempotency-Key");
    }
}
