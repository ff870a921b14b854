package io.yunwei.chassis.events;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Keeps one piece of work in one trace although its events are published later, by the outbox relay: the trace
 * context current when an event is stored is kept with it, and the relay publishes the event as a child of it, so
 * the producer's W3C {@code traceparent} header continues the trace of the request or event that caused it.
 */
public final class TraceLink {

    private static final TraceLink NONE = new TraceLink(null, null);

    private final Tracer tracer;
    private final Propagator propagator;

    private TraceLink(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public static TraceLink of(Tracer tracer, Propagator propagator) {
        return tracer == null || propagator == null ? NONE : new TraceLink(tracer, propagator);
    }

    public static TraceLink none() {
        return NONE;
    }

    /** The current trace context as W3C headers, to be stored with an event; empty outside any trace. */
    public Map<String, String> current() {
        Span span = tracer == null ? null : tracer.currentSpan();
        if (span == null) {
            return Map.of();
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier;
    }

    /** Runs the work in a span that continues the stored trace context. */
    public <T> T within(Map<String, String> stored, String name, Supplier<T> work) {
        if (tracer == null || stored == null || stored.isEmpty()) {
            return work.get();
        }
        Span span = propagator.extract(stored, Map::get).name(name).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } finally {
            span.end();
        }
    }
}
