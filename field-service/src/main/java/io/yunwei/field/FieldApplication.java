package io.yunwei.field;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import io.yunwei.field.evidence.EvidenceProperties;

@SpringBootApplication
@EnableConfigurationProperties(EvidenceProperties.class)
public class FieldApplication {

    public static void main(String[] args) {
        SpringApplication.run(FieldApplication.class, args);
    }
}
