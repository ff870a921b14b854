package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @TempDir
    Path dataDir;

    @Test
    void refusesToStartWhenAPortIsTaken() throws IOException {
        try (var taken = new ServerSocket(0)) {
            Ports free = Ports.free();
            Ports ports = new Ports(free.kafka(), free.kafkaController(), taken.getLocalPort(), free.auth(),
                    free.gateway(), free.intake(), free.dispatch(), free.field(), free.followup(), free.prometheus());
            try (var stack = new LocalStack(StackConfig.of(StackConfig.locateRepoRoot()).withDataDir(dataDir)
                    .withPorts(ports))) {
                assertThatThrownBy(stack::startInfrastructure).isInstanceOf(StartFailedException.class)
                        .hasMessageContaining("port " + taken.getLocalPort() + " (store) already in use");
                assertThat(stack.pids()).isEmpty();
            }
        }
    }

    @Test
    void keepsTheKafkaClusterIdOnceCreated() {
        String created = new KafkaNode(dataDir).clusterId();

        assertThat(new KafkaNode(dataDir).clusterId()).isEqualTo(created).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
    }
}
