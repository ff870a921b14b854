package io.yunwei.chassis;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal service built on the chassis, for testing the chassis itself; its code is in the sample package. */
@SpringBootApplication(scanBasePackages = "io.yunwei.chassis.sample")
class SampleServiceApplication {
}
