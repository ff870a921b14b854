package io.yunwei.gateway.routing;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The instances of one service, as a route filter that picks the instance each call goes to: they take turns (round
 * robin, shared by every route to the service), and one that refused a connection is passed over for
 * {@code yunwei.gateway.instance-down-for}.
 *
 * <p>A call whose connection could not be established — refused, no route to the host, unknown host, or the connect
 * timeout — goes on to the next instance not yet tried, with the same request: nothing reached the service, and the
 * HTTP client writes a body only once it is connected (the gateway holds bodies in memory besides, see
 * {@code limits.BufferedRequest}), so this is safe for every method. Instances passed over are still tried, the
 * earliest to be due back first, when no other is left. Only when every instance refused does the failure reach the
 * route's circuit breaker, which runs outside this filter and so sees one call, whatever the instances did. Any
 * other failure (a read timeout, a connection dropped after the request went out, a 5xx) is the call's outcome: the
 * service may have acted on it, so it is not repeated. A dropped connection does pass the instance over, though, as
 * a killed instance breaks every kept-alive connection to it at once (see {@link #passOverIfDropped}).
 *
 * <p>Each call to another instance counts in {@code gateway.instance.failovers} (tag {@code service}); an instance
 * is logged at WARN when it is first passed over and at INFO when it answers again, not for every call in between.
 * A service with a single base URL (a Kubernetes Service, say) is called as it is, without any of this.
 */
final class ServiceInstances implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(ServiceInstances.class);

    static final String FAILOVERS = "gateway.instance.failovers";

    private static final ServiceFailures.ClientCaused CLIENT_CAUSED = new ServiceFailures.ClientCaused();

    private final String service;
    private final Instance[] instances;
    private final long downForNanos;
    private final String downFor;
    private final LongSupplier nanoTime;
    private final Counter failovers;
    private final AtomicInteger turn = new AtomicInteger();

    ServiceInstances(String service, List<URI> bases, Duration downFor, MeterRegistry meters) {
        this(service, bases, downFor, meters, System::nanoTime);
    }

    ServiceInstances(String service, List<URI> bases, Duration downFor, MeterRegistry meters, LongSupplier nanoTime) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("The " + service + " service has no instances");
        }
        this.service = service;
        this.nanoTime = nanoTime;
        this.downForNanos = downFor.toNanos();
        this.downFor = downFor.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        long now = nanoTime.getAsLong();
        this.instances = bases.stream().map(base -> new Instance(base, now)).toArray(Instance[]::new);
        this.failovers = Counter.builder(FAILOVERS)
                .description("Calls taken on to another instance of a service after the chosen one refused the"
                        + " connection")
                .tag("service", service).register(meters);
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        Instance[] all = instances;
        if (all.length == 1) {
            MvcUtils.setRequestUrl(request, all[0].url(request.uri()));
            return next.handle(request);
        }
        int start = Math.floorMod(turn.getAndIncrement(), all.length);
        long now = nanoTime.getAsLong();
        int chosen = choose(start, now, null);
        try {
            return send(all[chosen], now, request, next);
        } catch (Exception failure) {
            if (connectionFailed(failure)) {
                return failOver(request, next, start, chosen, failure);
            }
            passOverIfDropped(all[chosen], failure);
            throw failure;
        }
    }

    /**
     * The first instance, from {@code start} on in turn, that is not passed over and not yet tried; failing that, the
     * untried one due back soonest; -1 when all have been tried.
     */
    private int choose(int start, long now, boolean[] tried) {
        Instance[] all = instances;
        int soonest = -1;
        long soonestWait = Long.MAX_VALUE;
        for (int i = 0; i < all.length; i++) {
            int at = start + i < all.length ? start + i : start + i - all.length;
            if (tried != null && tried[at]) {
                continue;
            }
            long wait = all[at].downUntil - now;
            if (wait <= 0) {
                return at;
            }
            if (wait < soonestWait) {
                soonestWait = wait;
                soonest = at;
            }
        }
        return soonest;
    }

    /** Rare enough to allocate: the instances tried so far for this call. */
    private ServerResponse failOver(ServerRequest request, HandlerFunction<ServerResponse> next, int start,
            int refused, Exception firstFailure) throws Exception {
        boolean[] tried = new boolean[instances.length];
        int at = refused;
        Exception failure = firstFailure;
        while (true) {
            tried[at] = true;
            passOver(instances[at], failure);
            long now = nanoTime.getAsLong();
            int nextAt = choose(start, now, tried);
            if (nextAt < 0) {
                // every instance refused: the route's circuit breaker and DownstreamFailures take it from here
                throw firstFailure;
            }
            failovers.increment();
            log.debug("{} service: {} {} goes on to {}", service, request.method(), request.path(),
                    instances[nextAt].base);
            try {
                return send(instances[nextAt], now, request, next);
            } catch (Exception again) {
                if (!connectionFailed(again)) {
                    passOverIfDropped(instances[nextAt], again);
                    throw again;
                }
                if (again != firstFailure) {
                    firstFailure.addSuppressed(again);
                }
                failure = again;
                at = nextAt;
            }
        }
    }

    private ServerResponse send(Instance instance, long now, ServerRequest request,
            HandlerFunction<ServerResponse> next) throws Exception {
        MvcUtils.setRequestUrl(request, instance.url(request.uri()));
        ServerResponse response = next.handle(request);
        // back only if it answered a call sent after it was passed over, not one that was under way before
        if (instance.passedOver.get() && now - instance.passedOverSince > 0
                && instance.passedOver.compareAndSet(true, false)) {
            instance.downUntil = now;
            log.info("{} service: instance {} answers again", service, instance.base);
        }
        return response;
    }

    /**
     * The instance's connection broke under a call that had gone out: the call is not repeated (the service may have
     * acted on it), but the instance is passed over like one that refuses connections. An instance killed or
     * restarted breaks every kept-alive connection the gateway holds to it, and each would otherwise fail one more
     * call before a refused connection showed the instance was gone — enough, under load, to open the breaker.
     */
    private void passOverIfDropped(Instance instance, Exception failure) {
        if (dropped(failure)) {
            passOver(instance, failure);
        }
    }

    private void passOver(Instance instance, Exception failure) {
        long now = nanoTime.getAsLong();
        instance.downUntil = now + downForNanos;
        if (!instance.passedOver.get()) {
            instance.passedOverSince = now;
            if (instance.passedOver.compareAndSet(false, true)) {
                log.warn("{} service: instance {} {} ({}); its calls go to the other instances, and it is tried again"
                        + " every {}", service, instance.base,
                        connectionFailed(failure) ? "cannot be connected to" : "dropped a call", rootCause(failure),
                        downFor);
            }
        }
    }

    /**
     * The connection to the instance could not be established, so nothing was sent: refused (a
     * {@link ConnectException}, such as HttpClient's {@code HttpHostConnectException}), no route to the host, a host
     * name that does not resolve, or the connect timeout.
     */
    static boolean connectionFailed(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException || cause instanceof ConnectTimeoutException
                    || cause instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The connection to the instance broke after the call went out — closed without an answer, or reset — not by a
     * timeout, nor on the client's side of the gateway.
     */
    static boolean dropped(Throwable failure) {
        if (CLIENT_CAUSED.test(failure)) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof NoHttpResponseException || cause instanceof ConnectionClosedException
                    || cause instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    String service() {
        return service;
    }

    /** One base URL, and whether it is being passed over. */
    private static final class Instance {

        final URI base;
        /** Scheme and authority, to which each call's raw path and query are appended. */
        final String origin;
        /** Passed over until then ({@link System#nanoTime()}); in the past while it is taking calls. */
        volatile long downUntil;
        /** Set from the first refusal to the first answer after it: the span the WARN and INFO lines bracket. */
        final AtomicBoolean passedOver = new AtomicBoolean();
        volatile long passedOverSince;

        Instance(URI base, long now) {
            this.base = base;
            this.origin = base.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + base.getRawAuthority();
            this.downUntil = now;
        }

        /** This instance's URL for the request: its path and query exactly as received, still encoded. */
        URI url(URI request) {
            String path = request.getRawPath();
            String query = request.getRawQuery();
            String url = path == null ? origin : origin + path;
            return URI.create(query == null ? url : url + '?' + query);
        }
    }
}
