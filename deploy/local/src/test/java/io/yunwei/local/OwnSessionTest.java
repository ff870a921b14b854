package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class OwnSessionTest {

    @Test
    void runsTheCommandInPlaceAsTheLeaderOfASessionOfItsOwn() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")) && Files.isDirectory(Path.of("/proc/self")),
                "a system with setsid and /proc");
        Process process = new ProcessBuilder(OwnSession.of(List.of("sleep", "30"))).start();
        try {
            long pid = process.pid();
            // the command line is setsid's until it has replaced itself with the command
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ProcessHandle.of(pid)
                    .flatMap(p -> p.info().commandLine()).orElse(""))
                    .as("the part's own process, not a parent waiting for it").endsWith("sleep 30"));
            assertThat(session(pid)).as("its session").isEqualTo(pid).isNotEqualTo(session(ProcessHandle.current().pid()));
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The session id: the sixth field of {@code /proc/<pid>/stat}, counted after the command's closing parenthesis. */
    private static long session(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }
}
