package io.yunwei.chassis.events;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands each inbound event to the handler its type is routed to. A type no route names is passed by (or to the
 * fallback, for a consumer that takes everything): producers add event types before every consumer knows them.
 * A record that is no event at all ({@link MalformedEventException}) is refused, so the listener's error handling
 * dead-letters it. Applying an event once and in order is the handler's store's work ({@code DocumentStore.apply}),
 * which also takes a re-driven event late, once.
 */
public final class EventRouter {

    private final Map<String, Consumer<InboundEvent>> routes;
    private final Consumer<InboundEvent> fallback;

    private EventRouter(Map<String, Consumer<InboundEvent>> routes, Consumer<InboundEvent> fallback) {
        this.routes = Map.copyOf(routes);
        this.fallback = fallback;
    }

    public static Builder builder() {
        return new Builder();
    }

    public void route(ConsumerRecord<String, String> record) {
        route(InboundEvent.from(record));
    }

    public void route(InboundEvent event) {
        routes.getOrDefault(event.type(), fallback).accept(event);
    }

    /** The types routed to a handler of their own. */
    public Set<String> types() {
        return routes.keySet();
    }

    public static final class Builder {

        private final Map<String, Consumer<InboundEvent>> routes = new LinkedHashMap<>();
        private Consumer<InboundEvent> fallback = event -> {
            // not this consumer's concern
        };

        private Builder() {
        }

        /** Routes events of these types to the handler; a type routed twice is a mistake and refused. */
        public Builder on(Collection<String> types, Consumer<InboundEvent> handler) {
            for (String type : types) {
                if (routes.putIfAbsent(type, handler) != null) {
                    throw new IllegalStateException(type + " is routed twice");
                }
            }
            return this;
        }

        public Builder on(String type, Consumer<InboundEvent> handler) {
            return on(List.of(type), handler);
        }

        /** What every other type goes to, instead of being passed by. */
        public Builder otherwise(Consumer<InboundEvent> handler) {
            this.fallback = handler;
            return this;
        }

        public EventRouter build() {
            return new EventRouter(routes, fallback);
        }
    }
}
