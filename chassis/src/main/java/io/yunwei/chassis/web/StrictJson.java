package io.yunwei.chassis.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Set;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies mean what they say: a number or a boolean is not quietly turned into text, a number is not read
 * as a point in time, and a time must lie between the years {@value #EARLIEST_YEAR} and {@value #LATEST_YEAR} —
 * a time far outside that is a typing mistake, and would fail later, where it can only be a 500.
 */
public final class StrictJson implements JsonMapperBuilderCustomizer {

    static final int EARLIEST_YEAR = 1900;
    static final int LATEST_YEAR = 2999;

    private static final Instant EARLIEST = LocalDate.of(EARLIEST_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant AFTER_LATEST = LocalDate.of(LATEST_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.UTC)
            .toInstant();

    private static final Set<Class<?>> TIMES = Set.of(Instant.class, OffsetDateTime.class, ZonedDateTime.class,
            LocalDate.class, LocalDateTime.class);

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.DateTime, time -> time
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .addModule(new SimpleModule("yunwei-time-bounds").setDeserializerModifier(new TimeBounds()));
    }

    private static final class TimeBounds extends ValueDeserializerModifier {

        @Override
        public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier bean,
                ValueDeserializer<?> deserializer) {
            return TIMES.contains(bean.getBeanClass()) ? new BoundedTime(deserializer) : deserializer;
        }
    }

    private static final class BoundedTime extends DelegatingDeserializer {

        BoundedTime(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new BoundedTime(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            // JSON numbers are refused before they reach the delegate, whatever its own leniency
            if (parser.currentToken() != null && parser.currentToken().isNumeric()) {
                return context.handleWeirdNumberValue(handledType(), parser.getNumberValue(),
                        "a time is written as an ISO-8601 text, not a number");
            }
            Object value = super.deserialize(parser, context);
            if (value != null && !withinBounds(value)) {
                return context.handleWeirdStringValue(handledType(), parser.getString(),
                        "a time must lie between the years " + EARLIEST_YEAR + " and " + LATEST_YEAR);
            }
            return value;
        }

        private static boolean withinBounds(Object value) {
            if (value instanceof Instant instant) {
                return !instant.isBefore(EARLIEST) && instant.isBefore(AFTER_LATEST);
            }
            int year = ((TemporalAccessor) value).get(ChronoField.YEAR);
            return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
        }
    }
}
