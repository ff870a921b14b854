package io.yunwei.dispatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.yunwei.dispatch.assignment.DispatchProperties;
import io.yunwei.dispatch.assignment.PlannerProperties;

@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties({ DispatchProperties.class, PlannerProperties.class })
public class DispatchApplication {

    public static void main(String[] args) {
        SpringApplication.run(DispatchApplication.class, args);
    }
}
