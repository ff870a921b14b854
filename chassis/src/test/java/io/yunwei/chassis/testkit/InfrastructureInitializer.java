package io.yunwei.chassis.testkit;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a test's application context at the JVM's shared broker and store. */
public class InfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("yunwei-test-infrastructure",
                Map.of("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers(),
                        "spring.mongodb.uri", infrastructure.mongoUri(),
                        "yunwei.events.sweep-interval", "1s")));
    }
}
