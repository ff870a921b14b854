package io.yunwei.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcPausesTest {

    @Test
    void countsThePausesOfEveryCollectorInTheWindowOnly() {
        List<String> log = List.of(
                "[2026-12-06T05:50:59.900+0000] GC(1) Pause Young (Allocation Failure) 100M->20M(256M) 40.000ms",
                "[2026-12-06T05:51:00.100+0000] GC(2) Pause Young (Allocation Failure) 1027M->481M(2053M) 126.157ms",
                "[2026-12-06T05:51:10.000+0000] GC(3) Pause Full (Allocation Failure) 1812M->346M(2468M) 1134.626ms",
                "[2026-12-06T05:51:20.000+0000] GC(4) Pause Young (Concurrent Start) (G1 Humongous Allocation) "
                        + "300M->280M(512M) 12.5ms",
                "[2026-12-06T05:51:21.000+0000] GC(5) Concurrent Mark Cycle 812.331ms",
                "[2026-12-06T05:51:22.000+0000] GC(5) Pause Remark 290M->150M(512M) 3.5ms",
                "[2026-12-06T05:51:22.500+0000] Using G1",
                "[2026-12-06T05:52:00.001+0000] GC(6) Pause Young (Normal) (G1 Evacuation Pause) 200M->20M(512M) 9ms");

        GcPauses.Summary summary = GcPauses.summarize(log, Instant.parse("2026-12-06T05:51:00Z"),
                Instant.parse("2026-12-06T05:52:00Z"));

        assertThat(summary.logged()).isTrue();
        assertThat(summary.count()).isEqualTo(4);
        assertThat(summary.totalMillis()).isCloseTo(126.157 + 1134.626 + 12.5 + 3.5, offset(1e-6));
        assertThat(summary.maxMillis()).isEqualTo(1134.626);
    }

    @Test
    void logsTheCollectionsOfARunningJvm(@TempDir Path folder) {
        long self = ProcessHandle.current().pid();
        GcPauses pauses = GcPauses.start(folder, Map.of("this JVM", self));
        System.gc();
        Map<String, GcPauses.Summary> summaries = pauses.stop();

        assertThat(summaries.get("this JVM").logged()).isTrue();
        assertThat(summaries.get("this JVM").count()).isPositive();
        assertThat(summaries.get("this JVM").maxMillis()).isPositive();
    }
}
