package io.yunwei.followup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import io.yunwei.followup.callback.FollowupPolicy;

@SpringBootApplication
@EnableConfigurationProperties(FollowupPolicy.class)
public class FollowupApplication {

    public static void main(String[] args) {
        SpringApplication.run(FollowupApplication.class, args);
    }
}
