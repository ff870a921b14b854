package io.yunwei.chassis.courtesy;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts every service's texts refused for courtesy per day ({@code yunwei.courtesy.zone}, default Asia/Shanghai),
 * and gives supervisors the count under {@code /api/v1/admin/{yunwei.admin.service}/courtesy-refusals}.
 */
@Configuration(proxyBeanMethods = false)
public class CourtesyAdministration {

    @Bean
    CourtesyTallies courtesyTallies(MongoTemplate mongo, @Value("${yunwei.courtesy.zone:Asia/Shanghai}") ZoneId zone,
            Clock clock, MeterRegistry meters) {
        return new CourtesyTallies(mongo, zone, clock, meters);
    }

    @Bean
    CourtesyRefusalController courtesyRefusalController(CourtesyTallies tallies,
            @Value("${yunwei.admin.service}") String service) {
        return new CourtesyRefusalController(tallies, service);
    }
}
