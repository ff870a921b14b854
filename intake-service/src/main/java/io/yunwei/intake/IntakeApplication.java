package io.yunwei.intake;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import io.yunwei.intake.ticket.SlaPolicy;

@SpringBootApplication
@EnableConfigurationProperties(SlaPolicy.class)
public class IntakeApplication {

    public static void main(String[] args) {
        SpringApplication.run(IntakeApplication.class, args);
    }
}
