package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The running system's JVMs have room for the classes they load from the start: none stops for a full collection
 * to make room for class metadata. Below the JVM's default first mark (21 MB) the serial collector stopped the
 * services' shared JVM four times while it started, the gateway three times and the authorization server, a JVM of
 * the kind every service has of its own in the fault suite's layout, twice, each stop up to a second on a busy
 * machine ({@link Commands}). And those that start from their jar map their start cache ({@link StartCache}).
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

    /** The parts that start from their jar map the classes a training start of their build loaded. */
    @ParameterizedTest
    @ValueSource(strings = { "GATEWAY", "AUTH" })
    @EnabledForJreRange(min = JRE.JAVA_25)
    void aPartStartedFromItsJarMapsItsStartCache(Part part) throws IOException {
        LocalStack stack = RunningSystem.stack();
        long pid = stack.pid(part).orElseThrow(() -> new AssertionError(part + " is not running"));
        List<String> arguments = List.of(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());

        String cache = arguments.stream().filter(argument -> argument.startsWith("-XX:AOTCache=")).findFirst()
                .orElseThrow(() -> new AssertionError(part + " started without its start cache: " + arguments));
        assertThat(Path.of(cache.substring("-XX:AOTCache=".length()))).isRegularFile();
        // a cache the JVM cannot use (another class path, a jar changed since) is reported in the log, then ignored
        assertThat(Files.readAllLines(stack.config().logFile(Node.of(part)))).as("the log of " + part)
                .noneMatch(line -> line.contains("[aot]"));
    }
}
