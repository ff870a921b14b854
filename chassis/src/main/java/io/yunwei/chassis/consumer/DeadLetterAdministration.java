package io.yunwei.chassis.consumer;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gives every service the dead-letter listing and re-drive endpoints under
 * {@code /api/v1/admin/{yunwei.admin.service}/dead-letters}.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterAdministration {

    @Bean
    DeadLetterRedrive deadLetterRedrive(MongoTemplate mongo, DeadLetters deadLetters,
            KafkaListenerEndpointRegistry listeners, Clock clock, MeterRegistry meters) {
        return new DeadLetterRedrive(mongo, deadLetters, listeners, clock, meters);
    }

    @Bean
    DeadLetterController deadLetterController(DeadLetterRedrive redrive) {
        return new DeadLetterController(redrive);
    }
}
