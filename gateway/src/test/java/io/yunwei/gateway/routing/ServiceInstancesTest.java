package io.yunwei.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.catalina.connector.ClientAbortException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The round robin and the failover of {@link ServiceInstances} against a stand-in for the proxy that records where
 * each call was sent and fails the way it is told to for each instance; the clock is the test's.
 */
class ServiceInstancesTest {

    private static final Duration DOWN_FOR = Duration.ofSeconds(2);
    private static final URI A = URI.create("http://127.0.0.1:8081");
    private static final URI B = URI.create("http://127.0.0.1:8091");
    private static final URI C = URI.create("http://127.0.0.1:8101");

    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Proxy proxy = new Proxy();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ServiceInstances.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
    }

    @Test
    void sendsTheCallsToTheInstancesInTurn() throws Exception {
        ServiceInstances intake = instances(A, B, C);

        for (int i = 0; i < 6; i++) {
            intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        }

        assertThat(proxy.origins()).containsExactly(A, B, C, A, B, C);
    }

    @Test
    void keepsThePathAndQueryAsReceivedStillEncoded() throws Exception {
        String path = "/api/v1/tickets/t%201/%E5%8D%A1";
        String query = "q=%E6%89%93%20x&tag=a%26b+c&empty=&flag";

        instances(A, B).filter(request(path, query), proxy);
        instances(URI.create("https://intake.example/")).filter(request(path, query), proxy);

        assertThat(proxy.sent).extracting(URI::toString).containsExactly(
                "http://127.0.0.1:8081" + path + "?" + query, "https://intake.example" + path + "?" + query);
    }

    @Test
    void takesARefusedCallOnToTheNextInstanceAndPassesTheRefusingOneOverForAWhile() throws Exception {
        ServiceInstances intake = instances(A, B);
        proxy.fail(A, () -> refused(A));

        ServerResponse response = intake.filter(request("/api/v1/tickets/t-1", null), proxy);

        assertThat(response.statusCode()).isEqualTo(HttpStatus.OK);
        assertThat(proxy.origins()).containsExactly(A, B);
        assertThat(failovers()).isEqualTo(1);

        for (int i = 0; i < 4; i++) {
            intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        }
        assertThat(proxy.origins()).containsExactly(A, B, B, B, B, B);
        assertThat(failovers()).isEqualTo(1);

        nanos.addAndGet(DOWN_FOR.toNanos());
        proxy.answer(A);
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        assertThat(proxy.origins().subList(6, 8)).containsExactlyInAnyOrder(A, B);
    }

    @ParameterizedTest
    @ValueSource(strings = { "refused", "connect-timeout", "unknown-host" })
    void takesEveryKindOfConnectFailureOnToTheNextInstance(String kind) throws Exception {
        ServiceInstances intake = instances(A, B);
        proxy.fail(A, () -> switch (kind) {
            case "refused" -> new ResourceAccessException("I/O error",
                    new HttpHostConnectException("Connection refused"));
            case "connect-timeout" -> new ResourceAccessException("I/O error",
                    new ConnectTimeoutException("Connect to 127.0.0.1:8081 failed: Connect timed out"));
            default -> new ResourceAccessException("I/O error", new UnknownHostException("intake-1"));
        });

        assertThat(intake.filter(request("/api/v1/tickets/t-1", null), proxy).statusCode()).isEqualTo(HttpStatus.OK);

        assertThat(proxy.origins()).containsExactly(A, B);
        assertThat(failovers()).isEqualTo(1);
    }

    @Test
    void neitherRepeatsNorPassesOverACallThatTimedOut() throws Exception {
        ServiceInstances intake = instances(A, B);
        ResourceAccessException failure = new ResourceAccessException("I/O error",
                new SocketTimeoutException("Read timed out"));
        proxy.fail(A, () -> failure);

        assertThatThrownBy(() -> intake.filter(request("/api/v1/tickets/t-1", null), proxy)).isSameAs(failure);
        proxy.answer(A);
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);

        assertThat(proxy.origins()).containsExactly(A, B, A);
        assertThat(failovers()).isZero();
        assertThat(logged.list).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "no-response", "reset", "closed" })
    void doesNotRepeatACallWhoseConnectionBrokeButPassesTheInstanceOver(String kind) throws Exception {
        ServiceInstances intake = instances(A, B);
        ResourceAccessException failure = new ResourceAccessException("I/O error", switch (kind) {
            case "no-response" -> new NoHttpResponseException("127.0.0.1:8081 failed to respond");
            case "reset" -> new SocketException("Connection reset");
            default -> new ConnectionClosedException("Connection closed by peer");
        });
        proxy.fail(A, () -> failure);

        assertThatThrownBy(() -> intake.filter(request("/api/v1/tickets/t-1", null), proxy)).isSameAs(failure);
        for (int i = 0; i < 3; i++) {
            intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        }

        assertThat(proxy.origins()).containsExactly(A, B, B, B);
        assertThat(failovers()).isZero();
        assertThat(messages(Level.WARN)).singleElement().asString()
                .startsWith("intake service: instance " + A + " dropped a call (");
    }

    @Test
    void leavesTheInstanceAloneWhenTheClientsConnectionBroke() throws Exception {
        ServiceInstances intake = instances(A, B);
        ClientAbortException failure = new ClientAbortException(new SocketException("Broken pipe"));
        proxy.fail(A, () -> failure);

        assertThatThrownBy(() -> intake.filter(request("/api/v1/tickets/t-1", null), proxy)).isSameAs(failure);
        proxy.answer(A);
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);

        assertThat(proxy.origins()).containsExactly(A, B, A);
        assertThat(logged.list).isEmpty();
    }

    @Test
    void passesOnAServerErrorAsTheAnswer() throws Exception {
        ServiceInstances intake = instances(A, B);
        proxy.status(A, HttpStatus.SERVICE_UNAVAILABLE);

        ServerResponse response = intake.filter(request("/api/v1/tickets/t-1", null), proxy);

        assertThat(response.statusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(proxy.origins()).containsExactly(A);
        assertThat(failovers()).isZero();
    }

    @Test
    void letsTheFailureThroughOnceEveryInstanceRefused() throws Exception {
        ServiceInstances intake = instances(A, B);
        ResourceAccessException first = refused(A);
        proxy.fail(A, () -> first);
        proxy.fail(B, () -> refused(B));

        assertThatThrownBy(() -> intake.filter(request("/api/v1/tickets/t-1", null), proxy)).isSameAs(first)
                .satisfies(failure -> assertThat(failure.getSuppressed()).hasSize(1));
        // both passed over now, and still both tried rather than the call refused without trying
        assertThatThrownBy(() -> intake.filter(request("/api/v1/tickets/t-1", null), proxy))
                .isInstanceOf(ResourceAccessException.class);

        assertThat(proxy.origins()).containsExactly(A, B, B, A);
        assertThat(failovers()).isEqualTo(2);
    }

    @Test
    void triesThePassedOverInstanceDueBackSoonestWhenNoOtherIsLeft() throws Exception {
        ServiceInstances intake = instances(A, B, C);
        proxy.fail(A, () -> refused(A));
        intake.filter(request("/api/v1/tickets/t-1", null), proxy); // A refuses: passed over until 2 s, B answers
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        proxy.fail(B, () -> refused(B));
        intake.filter(request("/api/v1/tickets/t-1", null), proxy); // B refuses: passed over until 2.5 s, C answers
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        proxy.fail(C, () -> refused(C));
        proxy.answer(A);
        proxy.answer(B);

        ServerResponse response = intake.filter(request("/api/v1/tickets/t-1", null), proxy);

        assertThat(response.statusCode()).isEqualTo(HttpStatus.OK);
        // C's turn; C refuses; of A and B, both passed over, A is due back first although B comes next in turn
        assertThat(proxy.origins().subList(4, 6)).containsExactly(C, A);
        assertThat(messages(Level.INFO)).containsExactly("intake service: instance " + A + " answers again");
    }

    @Test
    void warnsOnceWhenAnInstanceIsPassedOverNotForEveryCallWhileItStaysDown() throws Exception {
        ServiceInstances intake = instances(A, B);
        proxy.fail(A, () -> refused(A));

        for (int i = 0; i < 20; i++) {
            intake.filter(request("/api/v1/tickets/t-1", null), proxy);
            nanos.addAndGet(Duration.ofMillis(500).toNanos());
        }
        assertThat(proxy.origins()).filteredOn(A::equals).hasSizeGreaterThan(2);
        assertThat(messages(Level.WARN)).singleElement().asString()
                .startsWith("intake service: instance " + A + " cannot be connected to (")
                .contains("Connection refused").endsWith("it is tried again every 2s");

        proxy.answer(A);
        nanos.addAndGet(DOWN_FOR.toNanos());
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        assertThat(messages(Level.INFO)).hasSize(1);

        proxy.fail(A, () -> refused(A));
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        assertThat(messages(Level.WARN)).hasSize(2);
    }

    @Test
    void countsFailoversPerService() throws Exception {
        ServiceInstances intake = instances(A, B);
        ServiceInstances dispatch = new ServiceInstances("dispatch", List.of(C, B), DOWN_FOR, meters, nanos::get);
        proxy.fail(A, () -> refused(A));
        proxy.fail(C, () -> refused(C));

        intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        nanos.addAndGet(DOWN_FOR.toNanos());
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        intake.filter(request("/api/v1/tickets/t-1", null), proxy);
        dispatch.filter(request("/api/v1/dispatches/d-1", null), proxy);

        assertThat(failovers()).isEqualTo(2);
        assertThat(meters.get(ServiceInstances.FAILOVERS).tag("service", "dispatch").counter().count()).isEqualTo(1);
    }

    @Test
    void callsASingleInstanceAsItIsWithoutFailover() throws Exception {
        ServiceInstances intake = instances(A);
        ResourceAccessException failure = refused(A);
        proxy.fail(A, () -> failure);

        assertThatThrownBy(() -> intake.filter(request("/api/v1/tickets/t-1", null), proxy)).isSameAs(failure);
        assertThatThrownBy(() -> intake.filter(request("/api/v1/tickets/t-1", null), proxy)).isSameAs(failure);

        assertThat(proxy.origins()).containsExactly(A, A);
        assertThat(failovers()).isZero();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void recognisesAConnectFailureAnywhereInTheCauseChainAndNothingElse() {
        assertThat(ServiceInstances.connectionFailed(new IllegalStateException(new RuntimeException(
                new ResourceAccessException("I/O error", new ConnectException("Connection refused")))))).isTrue();
        assertThat(ServiceInstances.connectionFailed(new ResourceAccessException("I/O error",
                new SocketTimeoutException("Read timed out")))).isFalse();
        assertThat(ServiceInstances.connectionFailed(new IllegalStateException("no cause"))).isFalse();
    }

    private ServiceInstances instances(URI... bases) {
        return new ServiceInstances("intake", List.of(bases), DOWN_FOR, meters, nanos::get);
    }

    private double failovers() {
        return meters.get(ServiceInstances.FAILOVERS).tag("service", "intake").counter().count();
    }

    private List<String> messages(Level level) {
        return logged.list.stream().filter(event -> event.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static ResourceAccessException refused(URI instance) {
        return new ResourceAccessException("I/O error on GET request for \"" + instance + "\"",
                new HttpHostConnectException("Connect to " + instance + " failed: Connection refused"));
    }

    private static ServerRequest request(String path, String query) {
        MockHttpServletRequest servlet = new MockHttpServletRequest("GET", path);
        servlet.setServerName("gateway.example");
        servlet.setServerPort(8080);
        servlet.setQueryString(query);
        return ServerRequest.create(servlet, List.of());
    }

    /** Stands in for the proxy: notes the URL each call is sent to, then answers or fails as told for its instance. */
    private static final class Proxy implements HandlerFunction<ServerResponse> {

        final List<URI> sent = new ArrayList<>();
        private final Map<URI, Supplier<? extends Exception>> failures = new HashMap<>();
        private final Map<URI, HttpStatus> statuses = new HashMap<>();

        void fail(URI instance, Supplier<? extends Exception> failure) {
            failures.put(instance, failure);
        }

        void status(URI instance, HttpStatus status) {
            statuses.put(instance, status);
        }

        void answer(URI instance) {
            failures.remove(instance);
            statuses.remove(instance);
        }

        List<URI> origins() {
            return sent.stream().map(url -> URI.create(url.getScheme() + "://" + url.getRawAuthority())).toList();
        }

        @Override
        public ServerResponse handle(ServerRequest request) throws Exception {
            URI url = (URI) request.attributes().get(MvcUtils.GATEWAY_REQUEST_URL_ATTR);
            sent.add(url);
            URI origin = URI.create(url.getScheme() + "://" + url.getRawAuthority());
            Supplier<? extends Exception> failure = failures.get(origin);
            if (failure != null) {
                throw failure.get();
            }
            return ServerResponse.status(statuses.getOrDefault(origin, HttpStatus.OK)).build();
        }
    }
}
