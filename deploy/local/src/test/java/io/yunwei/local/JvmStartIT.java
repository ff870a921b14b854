package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The running system's JVMs have room for the classes they load from the start: none stops for a full collection
 * to make room for class metadata. Below the JVM's default first mark (21 MB) the serial collector stopped the
 * services' shared JVM four times while it started, the gateway three times and the authorization server, a JVM of
 * the kind every service has of its own in the fault suite's layout, twice, each stop up to a second on a busy
 * machine ({@link Commands}).
 */
class JvmStartIT {

    @ParameterizedTest
    @ValueSource(strings = { "services", "gateway", "auth-server" })
    void aJvmNeverStopsToMakeRoomForItsClasses(String process) throws IOException {
        LocalStack stack = RunningSystem.stack();
        List<Path> logs;
        try (Stream<Path> files = Files.list(stack.config().gcLogs())) {
            // a JVM a test restarts logs beside its predecessor: each is held to the same
            logs = files.filter(file -> file.getFileName().toString().startsWith(process + ".")).toList();
        }
        assertThat(logs).as("the GC logs of " + process).isNotEmpty();
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).as("the collector in " + log).anyMatch(line -> line.contains("Using Serial"));
            assertThat(lines).as("pauses in " + log).anyMatch(line -> line.contains(" Pause Young "))
                    .noneMatch(line -> line.contains("Metadata GC Threshold"));
        }
    }
}
