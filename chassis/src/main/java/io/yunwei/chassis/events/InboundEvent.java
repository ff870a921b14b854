package io.yunwei.chassis.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** An event as a consumer receives it: envelope from the headers, payload kept as JSON until the consumer reads its own shape. */
public record InboundEvent(String id, String type, String source, String subject, long sequence, Instant time,
        String topic, String data) {

    public static InboundEvent from(ConsumerRecord<String, String> record) {
        String id = header(record, EventHeaders.ID);
        String type = header(record, EventHeaders.TYPE);
        String subject = header(record, EventHeaders.SUBJECT);
        String sequence = header(record, EventHeaders.SEQUENCE);
        String time = header(record, EventHeaders.TIME);
        if (id == null || type == null || subject == null || sequence == null || time == null) {
            throw new MalformedEventException("record at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " lacks CloudEvents headers (ce_id, ce_type, ce_subject, ce_sequence, ce_time)");
        }
        if (record.value() == null) {
            throw new MalformedEventException("event " + id + " has no payload");
        }
        try {
            return new InboundEvent(id, type, header(record, EventHeaders.SOURCE), subject, Long.parseLong(sequence),
                    Instant.parse(time), record.topic(), record.value());
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new MalformedEventException("event " + id + " has a malformed sequence or time", e);
        }
    }

    public <T> T data(Class<T> shape) {
        return EventJson.read(data, shape);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
