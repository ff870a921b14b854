package io.yunwei.chassis;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds the chassis defaults (idempotent producer, actuator exposure, strict JSON, quiet Kafka logging) with the
 * lowest precedence, so each service's own configuration can still override any of them.
 */
class ChassisDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources()
                    .addLast(new ResourcePropertySource("yunwei-defaults", new ClassPathResource("yunwei-defaults.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
