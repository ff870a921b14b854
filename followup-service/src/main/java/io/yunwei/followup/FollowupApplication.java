package io.yunwei.followup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.yunwei.followup.callback.DueWorkProperties;
import io.yunwei.followup.callback.FollowupPolicy;
import io.yunwei.followup.supervisor.SupervisorProperties;

@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties({ FollowupPolicy.class, DueWorkProperties.class, SupervisorProperties.class })
public class FollowupApplication {

    public static void main(String[] args) {
        SpringApplication.run(FollowupApplication.class, args);
    }
}
