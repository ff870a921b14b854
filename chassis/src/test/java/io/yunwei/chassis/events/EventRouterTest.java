package io.yunwei.chassis.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EventRouterTest {

    private final List<String> handled = new ArrayList<>();

    @Test
    void handsEachEventToTheHandlerOfItsTypeAndPassesUnknownTypesBy() {
        EventRouter router = EventRouter.builder()
                .on(List.of("ticket.opened.v1", "ticket.reopened.v1"), e -> handled.add("assign " + e.subject()))
                .on("ticket.cancelled.v1", e -> handled.add("cancel " + e.subject())).build();

        router.route(record("ticket.opened.v1", "t1"));
        router.route(record("ticket.closed.v1", "t1"));
        router.route(record("ticket.reopened.v1", "t2"));
        router.route(record("ticket.cancelled.v1", "t3"));

        assertThat(handled).containsExactly("assign t1", "assign t2", "cancel t3");
    }

    @Test
    void aFallbackTakesEveryTypeWithoutARouteOfItsOwn() {
        EventRouter router = EventRouter.builder().on("webhook.disabled.v1", e -> handled.add("notify"))
                .otherwise(e -> handled.add("archive " + e.type())).build();

        router.route(record("webhook.disabled.v1", "wh_1"));
        router.route(record("visit.completed.v1", "t1"));

        assertThat(handled).containsExactly("notify", "archive visit.completed.v1");
    }

    @Test
    void refusesARecordThatIsNoEventAndATypeRoutedTwice() {
        EventRouter router = EventRouter.builder().on("ticket.opened.v1", e -> handled.add("x")).build();
        ConsumerRecord<String, String> noHeaders = new ConsumerRecord<>("intake.events", 0, 0, "t1", "{}");

        assertThatThrownBy(() -> router.route(noHeaders)).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventRouter.builder().on("a.b.v1", e -> { }).on("a.b.v1", e -> { }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(handled).isEmpty();
    }

    private static ConsumerRecord<String, String> record(String type, String subject) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("intake.events", 0, 0, subject, "{}");
        header(record, EventHeaders.ID, subject + type);
        header(record, EventHeaders.TYPE, type);
        header(record, EventHeaders.SUBJECT, subject);
        header(record, EventHeaders.SEQUENCE, "1");
        header(record, EventHeaders.TIME, "2026-11-25T01:00:00Z");
        return record;
    }

    private static void header(ConsumerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
