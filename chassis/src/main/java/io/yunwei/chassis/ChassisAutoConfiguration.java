package io.yunwei.chassis;

import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.util.unit.DataSize;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.yunwei.chassis.consumer.CorrelatingInterceptor;
import io.yunwei.chassis.consumer.DeadLetterAdministration;
import io.yunwei.chassis.consumer.DeadLetterProperties;
import io.yunwei.chassis.consumer.SubjectBatches;
import io.yunwei.chassis.courtesy.CourtesyAdministration;
import io.yunwei.chassis.courtesy.CourtesyChecker;
import io.yunwei.chassis.courtesy.CourtesyRefusals;
import io.yunwei.chassis.events.TraceLink;
import io.yunwei.chassis.consumer.DeadLetters;
import io.yunwei.chassis.health.PingMongoHealthIndicator;
import io.yunwei.chassis.health.StoreTimeouts;
import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.idempotency.IdempotencyPolicy;
import io.yunwei.chassis.idempotency.IdempotentCreates;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.outbox.OutboxProperties;
import io.yunwei.chassis.outbox.OutboxRelay;
import io.yunwei.chassis.outbox.SavedDocuments;
import io.swagger.v3.oas.models.OpenAPI;
import io.yunwei.chassis.web.ApiDocumentation;
import io.yunwei.chassis.web.BodySizeLimitFilter;
import io.yunwei.chassis.web.ProblemHandler;
import io.yunwei.chassis.web.ProblemWriter;
import io.yunwei.chassis.web.StrictJson;
import io.yunwei.chassis.web.RequestIdFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the chassis into a service: outbox and relay, dead letters, problem details, health, courtesy. Security is
 * {@link io.yunwei.chassis.security.ChassisSecurityAutoConfiguration}'s, which does not depend on the events topic.
 */
@AutoConfiguration
@ConditionalOnProperty("yunwei.events.topic")
@EnableConfigurationProperties({ OutboxProperties.class, DeadLetterProperties.class, StoreTimeouts.class,
        IdempotencyPolicy.class })
@Import({ DeadLetterAdministration.class, CourtesyAdministration.class })
public class ChassisAutoConfiguration {

    /** Millisecond ticks: what MongoDB stores, so a time read back equals the time first answered. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    /** Every store call bounded in time ({@link StoreTimeouts}), so an unreachable store fails calls, not hangs them. */
    @Bean
    MongoClientSettingsBuilderCustomizer storeTimeouts(StoreTimeouts timeouts) {
        return timeouts::applyTo;
    }

    @Bean
    TraceLink traceLink(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return TraceLink.of(tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    @Bean
    OutboxRelay outboxRelay(MongoTemplate mongo, KafkaTemplate<String, String> kafka, OutboxProperties properties,
            TraceLink traces, Clock clock, MeterRegistry meters) {
        return new OutboxRelay(mongo, kafka, properties, traces, clock, meters);
    }

    @Bean
    DocumentStore documentStore(MongoTemplate mongo, OutboxRelay relay, TraceLink traces, MeterRegistry meters,
            ObjectProvider<SavedDocuments> listeners) {
        return new DocumentStore(mongo, relay, traces, meters, listeners.orderedStream().toList());
    }

    @Bean
    NewTopic eventsTopic(OutboxProperties properties, @Value("${yunwei.events.partitions:3}") int partitions) {
        return new NewTopic(properties.topic(), partitions, (short) -1);
    }

    @Bean
    DeadLetters deadLetters(MongoTemplate mongo, KafkaTemplate<String, String> kafka,
            @Value("${spring.kafka.consumer.group-id}") String group, Clock clock, MeterRegistry meters) {
        return new DeadLetters(mongo, kafka, group, clock, meters);
    }

    @Bean
    CommonErrorHandler kafkaErrorHandler(DeadLetters deadLetters, DeadLetterProperties properties) {
        return deadLetters.errorHandler(properties);
    }

    /**
     * Extra lexicon files ({@code zh.tsv}, {@code en.tsv}, …) come from {@code yunwei.courtesy.lexicons}; every
     * text the checker refuses is counted for the supervisors ({@link CourtesyAdministration}).
     */
    @Bean
    @ConditionalOnMissingBean
    CourtesyChecker courtesyChecker(@Value("${yunwei.courtesy.lexicons:}") String lexicons, MeterRegistry meters,
            CourtesyRefusals refusals) {
        List<Path> files = Arrays.stream(lexicons.split(",")).map(String::strip).filter(f -> !f.isEmpty())
                .map(Path::of).toList();
        return CourtesyChecker.withExtraLexicons(files, meters, refusals);
    }

    @Bean
    IdempotencyKeys idempotencyKeys(JsonMapper json, MeterRegistry meters) {
        return new IdempotencyKeys(json, meters);
    }

    @Bean
    IdempotentCreates idempotentCreates(MongoTemplate mongo, JsonMapper json, IdempotencyKeys keys,
            IdempotencyPolicy policy, Clock clock) {
        return new IdempotentCreates(mongo, json, keys, policy, clock);
    }

    @Bean
    PingMongoHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return new PingMongoHealthIndicator(mongo);
    }

    @Bean
    StrictJson strictJson() {
        return new StrictJson();
    }

    @Bean
    ProblemHandler problemHandler() {
        return new ProblemHandler();
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
            @Value("${yunwei.http.max-body-size:256KB}") DataSize limit, JsonMapper json) {
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
                new BodySizeLimitFilter(limit.toBytes(), new ProblemWriter(json)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    OpenAPI apiDocumentation(@Value("${spring.application.name}") String service,
            @Value("${yunwei.api.public-url}") String publicUrl) {
        return ApiDocumentation.describe(service, publicUrl);
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE - 1);
        return registration;
    }

    @Bean(SubjectBatches.CONTAINER)
    ContainerPostProcessor<Object, Object, AbstractMessageListenerContainer<Object, Object>> subjectBatchesContainer() {
        return SubjectBatches::container;
    }

    @Bean
    CorrelatingInterceptor correlatingInterceptor() {
        return new CorrelatingInterceptor();
    }
}
