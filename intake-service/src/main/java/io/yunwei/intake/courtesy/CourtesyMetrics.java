package io.yunwei.intake.courtesy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Tags the shared checker's findings with {@code service="intake"}, so a dashboard can compare the services'
 * customer-facing texts by a short, stable name (the {@code application} tag names the deployment instead).
 */
@Configuration(proxyBeanMethods = false)
class CourtesyMetrics {

    static final String FINDINGS = "yunwei.courtesy.findings";

    @Bean
    MeterFilter courtesyFindingsByService() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals(FINDINGS) && id.getTag("service") == null ? id.withTag(
                        Tag.of("service", "intake")) : id;
            }
        };
    }
}
