package io.yunwei.gateway.routing;

import java.util.function.Predicate;

import org.apache.catalina.connector.ClientAbortException;
import org.apache.coyote.BadRequestException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * What a route's circuit breaker counts, named in {@code resilience4j.circuitbreaker.configs.default}: only the
 * service's own failures — it cannot be reached, drops the call or does not answer in time ({@link Unreachable}), or
 * answers 5xx ({@link ServerError}). Anything the client controls is left out ({@link ClientCaused}), and so is a
 * 4xx, which is the service refusing one request, not failing: otherwise one client could open a breaker for all.
 */
public final class ServiceFailures {

    private ServiceFailures() {
    }

    /** The HTTP client could not complete the exchange with the service: refused, reset, or timed out. */
    public static final class Unreachable implements Predicate<Throwable> {

        @Override
        public boolean test(Throwable failure) {
            return causeOf(failure, ResourceAccessException.class) && !CLIENT_CAUSED.test(failure);
        }
    }

    /** The service answered, with a server error of its own. */
    public static final class ServerError implements Predicate<Object> {

        @Override
        public boolean test(Object result) {
            return result instanceof ServerResponse response && response.statusCode().is5xxServerError();
        }
    }

    /**
     * The client's side of the exchange failed: it went away, stalled or sent a malformed body while the gateway read
     * or wrote its stream. Neither a success nor a failure of the service.
     */
    public static final class ClientCaused implements Predicate<Throwable> {

        @Override
        public boolean test(Throwable failure) {
            return causeOf(failure, ClientAbortException.class) || causeOf(failure, BadRequestException.class);
        }
    }

    private static final ClientCaused CLIENT_CAUSED = new ClientCaused();

    static boolean causeOf(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
