package io.yunwei.chassis.web;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Merges a service's {@value ApiExamples#SERVICE_EXAMPLES}, the chassis's problem shapes and the conventions every
 * operation follows ({@link ApiConventions}) into the OpenAPI description it publishes.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
@ConditionalOnProperty("yunwei.events.topic")
public class ApiExamplesAutoConfiguration {

    /** The application's class loader, not the chassis's: the two differ where services share their libraries. */
    @Bean
    @ConditionalOnMissingBean(name = "apiDescription")
    OpenApiCustomizer apiDescription(ResourceLoader resources) {
        return ApiDocumentation.customizer(resources.getClassLoader());
    }
}
