package io.yunwei.chassis.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

class StrictJsonTest {

    record Form(String name, Instant at, OffsetDateTime occurredAt, LocalDate day) {
    }

    private final JsonMapper mapper = strict();

    @Test
    void readsWellFormedValues() {
        Form form = mapper.readValue("""
                {"name":"王工","at":"2026-11-25T01:30:00Z","occurredAt":"2026-11-25T09:30:00+08:00","day":"2026-11-25"}
                """, Form.class);

        assertThat(form.name()).isEqualTo("王工");
        assertThat(form.at()).isEqualTo(Instant.parse("2026-11-25T01:30:00Z"));
        assertThat(form.occurredAt().toInstant()).isEqualTo(Instant.parse("2026-11-25T01:30:00Z"));
        assertThat(form.day()).isEqualTo(LocalDate.of(2026, 11, 25));
    }

    @Test
    void refusesNumbersAndBooleansWhereTextIsExpected() {
        assertRefused("{\"name\":12345}", "name");
        assertRefused("{\"name\":1.5}", "name");
        assertRefused("{\"name\":true}", "name");
    }

    @Test
    void refusesNumbersAsTimes() {
        assertRefused("{\"at\":12345}", "at");
        assertRefused("{\"occurredAt\":1732500000.5}", "occurredAt");
    }

    @Test
    void refusesTimesOutsideTheYears1900To2999() {
        assertRefused("{\"at\":\"+999999999-12-31T23:59:59Z\"}", "at");
        assertRefused("{\"at\":\"1899-12-31T23:59:59Z\"}", "at");
        assertRefused("{\"occurredAt\":\"3000-06-01T00:00:00+08:00\"}", "occurredAt");
        assertRefused("{\"day\":\"0001-01-01\"}", "day");
        assertThat(mapper.readValue("{\"at\":\"2999-12-31T23:59:59Z\"}", Form.class).at()).isNotNull();
    }

    private void assertRefused(String json, String field) {
        assertThatThrownBy(() -> mapper.readValue(json, Form.class))
                .isInstanceOf(MismatchedInputException.class)
                .satisfies(e -> assertThat(((MismatchedInputException) e).getPath())
                        .extracting(reference -> reference.getPropertyName()).containsExactly(field));
    }

    private static JsonMapper strict() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new StrictJson().customize(builder);
        return builder.build();
    }
}
