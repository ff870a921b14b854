package io.yunwei.gateway.limits;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.apache.coyote.BadRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import io.yunwei.gateway.problem.Problems;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Receives every request body in full at the edge before it is routed, counting bytes as they arrive whatever the
 * framing: over the cap is a 413, a body that stalls or takes too long is a 408, and in both cases the service is
 * never called. A service therefore only ever sees complete, capped bodies with a {@code Content-Length}, sent at
 * network speed, so nothing a client does with its body can tie up a service or look like the service failing.
 *
 * <p>Memory: bodies are held in chunks of at most {@value #CHUNK} bytes, taken as they arrive from one budget for
 * the whole gateway ({@code body-buffers}) and held until the service has answered, and each client may have only
 * {@code bodies-per-client} requests with bodies under way at once (arriving or waiting for their service), so one
 * client holds at most that many caps — slow uploads included — and many clients together at most the budget, the
 * last quarter of which is kept for the first chunk of a body (all of an ordinary JSON body); past it the gateway
 * answers 503 for itself, without touching any service's circuit breaker.
 */
final class BodyBuffers extends OncePerRequestFilter {

    static final int CHUNK = 64 * 1024;
    private static final String READ_FAILURE = BodyBuffers.class.getName() + ".readFailure";
    /** Set on a request whose body is held in full: its length is known and is passed on to the service. */
    static final String RECEIVED_LENGTH = BodyBuffers.class.getName() + ".receivedLength";
    private static final int KB = 1024;

    private static final Logger log = LoggerFactory.getLogger(BodyBuffers.class);

    private final LimitProperties limits;
    private final Problems problems;
    private final Semaphore budgetKb;
    private final int reserveKb;
    private final ConcurrentHashMap<String, Integer> sending = new ConcurrentHashMap<>();

    BodyBuffers(LimitProperties limits, Problems problems) {
        this.limits = limits;
        this.problems = problems;
        int budget = (int) Math.min(Integer.MAX_VALUE, limits.bodyBuffers().toKilobytes());
        this.budgetKb = new Semaphore(budget);
        this.reserveKb = budget / 4;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            doFilterNestedErrorDispatch(request, response, chain);
            return;
        }
        if (request.getContentLengthLong() <= 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
            chain.doFilter(request, response);
            return;
        }
        String client = EdgeLimits.client(request);
        if (!enter(client)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            ProblemDetail problem = Problems.problem(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_UPLOADS",
                    "This client already has " + limits.bodiesPerClient()
                            + " requests with bodies under way; send this one when one of them is answered.", request);
            problem.setProperty("retryAfterSeconds", 1);
            refuse(response, problem);
            return;
        }
        Body body = new Body();
        try {
            if (body.receive(request, response)) {
                request.setAttribute(RECEIVED_LENGTH, body.length);
                chain.doFilter(new BufferedRequest(request, body.chunks, body.length), response);
            }
        } finally {
            budgetKb.release(body.heldKb);
            leave(client);
        }
    }

    /**
     * A failed read has already made the web server answer with its error page, rendered in an error dispatch; the
     * answer there is the problem decided while reading.
     */
    @Override
    protected void doFilterNestedErrorDispatch(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException {
        if (request.getAttribute(READ_FAILURE) instanceof ProblemDetail problem) {
            refuse(response, problem);
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private boolean enter(String client) {
        boolean[] entered = { false };
        sending.compute(client, (key, count) -> {
            int now = count == null ? 0 : count;
            entered[0] = now < limits.bodiesPerClient();
            return entered[0] ? now + 1 : now;
        });
        return entered[0];
    }

    private void leave(String client) {
        sending.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Answers a refusal of a body the gateway did not read to its end: the connection is not reused. */
    private void refuse(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setHeader(HttpHeaders.CONNECTION, "close");
        problems.write(response, problem);
    }

    /** One request's body as it arrives; {@link #receive} answers the client itself when it refuses the body. */
    private final class Body {

        final List<byte[]> chunks = new ArrayList<>();
        long length;
        int heldKb;

        boolean receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
            long cap = limits.capFor(request.getContentType());
            long declared = request.getContentLengthLong();
            long deadline = System.nanoTime() + limits.bodyDeadline().toNanos();
            ServletInputStream in = request.getInputStream();
            byte[] chunk = null;
            int filled = 0;
            while (true) {
                if (chunk == null || filled == chunk.length) {
                    // a declared length sizes the only chunk a small body needs; one byte more notices a longer body
                    int size = (int) (declared >= 0 && declared < CHUNK ? declared + 1 : CHUNK);
                    if (!hold(size, chunk == null)) {
                        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                        refuse(response, Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "GATEWAY_BUSY",
                                "The gateway is receiving as many request bodies as it can hold; please try again shortly.",
                                request));
                        return false;
                    }
                    if (chunk != null) {
                        chunks.add(chunk);
                    }
                    chunk = new byte[size];
                    filled = 0;
                }
                int n;
                try {
                    n = in.read(chunk, filled, chunk.length - filled);
                } catch (IOException failed) {
                    answerReadFailure(request, failed);
                    return false;
                }
                if (n < 0) {
                    break;
                }
                filled += n;
                length += n;
                if (length > cap) {
                    refuse(response, EdgeLimits.tooLarge(cap, request));
                    return false;
                }
                if (System.nanoTime() - deadline > 0) {
                    refuse(response, tooSlow(request));
                    return false;
                }
            }
            if (chunk != null && filled > 0) {
                chunks.add(filled == chunk.length ? chunk : Arrays.copyOf(chunk, filled));
            }
            if (chunk != null) {
                // the last chunk is trimmed to what arrived: a small chunked body waiting for its service holds little
                int unused = kb(chunk.length) - kb(filled);
                budgetKb.release(unused);
                heldKb -= unused;
            }
            return true;
        }

        /**
         * Takes room for one chunk. Only a body's first chunk may use the last quarter of the budget: that holds
         * all of an ordinary JSON body, so large uploads, however many, cannot crowd out everyone's small requests.
         */
        private boolean hold(int bytes, boolean first) {
            int kb = kb(bytes);
            if (!first && budgetKb.availablePermits() - kb < reserveKb) {
                return false;
            }
            if (!budgetKb.tryAcquire(kb)) {
                return false;
            }
            heldKb += kb;
            return true;
        }

        /** The web server's read failed: the client stalled, sent a malformed body, or went away. */
        private void answerReadFailure(HttpServletRequest request, IOException failed) {
            ProblemDetail problem;
            if (causedBy(failed, SocketTimeoutException.class)) {
                problem = tooSlow(request);
            } else if (causedBy(failed, BadRequestException.class)) {
                problem = Problems.problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                        "The request body is not framed as HTTP requires.", request);
            } else {
                log.debug("Client went away while sending {} {}: {}", request.getMethod(), request.getRequestURI(),
                        failed.toString());
                return;
            }
            // the web server has already answered the failed read with an error status; the error dispatch says why
            request.setAttribute(READ_FAILURE, problem);
        }

        private ProblemDetail tooSlow(HttpServletRequest request) {
            return Problems.problem(HttpStatus.REQUEST_TIMEOUT, "REQUEST_TIMEOUT",
                    "The request body did not arrive in time: each part must come within "
                            + limits.bodyReadTimeout().toSeconds() + " s of the last and the whole body within "
                            + limits.bodyDeadline().toSeconds() + " s.", request);
        }
    }

    private static int kb(int bytes) {
        return (bytes + KB - 1) / KB;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
