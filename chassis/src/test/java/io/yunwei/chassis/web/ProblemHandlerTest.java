package io.yunwei.chassis.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import com.mongodb.MongoTimeoutException;

class ProblemHandlerTest {

    private final ProblemHandler handler = new ProblemHandler();

    @Test
    void aStoreThatDoesNotAnswerIsAnOutageToRetryNotAnInternalError() {
        ResponseEntity<Object> response = handler.unexpected(new DataAccessResourceFailureException("timed out",
                new MongoTimeoutException("no server to send the call to")));

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(((ProblemDetail) response.getBody()).getProperties()).containsEntry("code", "STORE_UNAVAILABLE");
    }

    @Test
    void anythingElseUnexpectedIsAnInternalError() {
        ResponseEntity<Object> response = handler.unexpected(new IllegalStateException("a bug"));

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(((ProblemDetail) response.getBody()).getProperties()).containsEntry("code", "INTERNAL_ERROR");
    }
}
