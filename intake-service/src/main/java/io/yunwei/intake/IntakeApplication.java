package io.yunwei.intake;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.yunwei.intake.call.CallPolicy;
import io.yunwei.intake.ticket.SlaPolicy;
import io.yunwei.intake.webhook.WebhookPolicy;

@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties({ SlaPolicy.class, CallPolicy.class, WebhookPolicy.class })
public class IntakeApplication {

    public static void main(String[] args) {
        SpringApplication.run(IntakeApplication.class, args);
    }
}
