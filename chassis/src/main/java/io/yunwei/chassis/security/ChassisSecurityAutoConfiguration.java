package io.yunwei.chassis.security;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.yunwei.chassis.web.ProblemWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Security of every service, whatever else it configures: bearer tokens checked in the service, deny by default,
 * and each operation's roles checked before its body is read. It depends only on being a servlet web application
 * with the resource server on the class path, so a service that publishes no events still enforces its roles.
 * It runs before Spring Boot's security auto-configurations, whose default filter chains then stand aside.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, JwtDecoder.class })
@EnableMethodSecurity
public class ChassisSecurityAutoConfiguration {

    /** Each bearer token's signature is checked once, not on every request (see {@link VerifiedTokens}). */
    @Bean
    static BeanPostProcessor verifiedTokens() {
        return VerifiedTokens.wrapping(Clock.systemUTC());
    }

    /**
     * No span or timer around each filter of the chain, each authentication and each authorization: they cost CPU on
     * every request and feed no dashboard or alert; the request's own trace and timer stay.
     */
    @Bean
    @ConditionalOnMissingBean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper json) throws Exception {
        return ResourceServerSecurity.filterChain(http, new ProblemWriter(json));
    }

    @Bean
    WebMvcConfigurer rolesBeforeBodies(ApplicationContext context,
            ObjectProvider<MethodSecurityExpressionHandler> expressions) {
        RolesBeforeBodies interceptor = new RolesBeforeBodies(context, expressions.getIfAvailable());
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor).order(Ordered.HIGHEST_PRECEDENCE);
            }
        };
    }
}
