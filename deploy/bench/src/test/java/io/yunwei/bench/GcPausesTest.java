package io.yunwei.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcPausesTest {

    private static final Instant FROM = Instant.parse("2026-12-06T05:51:00Z");
    private static final Instant TO = Instant.parse("2026-12-06T05:52:00Z");

    @Test
    void countsThePausesOfEveryCollectorInTheWindowOnly() {
        List<String> log = List.of(
                "[2026-12-06T05:50:59.900+0000][1.000s] GC(1) Pause Young (Allocation Failure) 100M->20M(256M) 40.000ms",
                "[2026-12-06T05:51:00.100+0000][1.200s] GC(2) Pause Young (Allocation Failure) 1027M->481M(2053M) 126.157ms",
                "[2026-12-06T05:51:10.000+0000][11.100s] GC(3) Pause Full (Allocation Failure) 1812M->346M(2468M) 1134.626ms",
                "[2026-12-06T05:51:20.000+0000][21.100s] GC(4) Pause Young (Concurrent Start) (G1 Humongous Allocation) "
                        + "300M->280M(512M) 12.5ms",
                "[2026-12-06T05:51:21.000+0000][22.100s] GC(5) Concurrent Mark Cycle 812.331ms",
                "[2026-12-06T05:51:22.000+0000][23.100s] GC(5) Pause Remark 290M->150M(512M) 3.5ms",
                "[2026-12-06T05:51:22.500+0000][23.600s] Using G1",
                "[2026-12-06T05:52:00.001+0000][61.101s] GC(6) Pause Young (Normal) (G1 Evacuation Pause) 200M->20M(512M) 9ms");

        GcPauses.Summary summary = GcPauses.summarize(log, FROM, TO);

        assertThat(summary.count()).isEqualTo(4);
        assertThat(summary.totalMillis()).isCloseTo(126.157 + 1134.626 + 12.5 + 3.5, offset(1e-6));
        assertThat(summary.maxMillis()).isEqualTo(1134.626);
    }

    @Test
    void sumsEachProcessOverEveryJvmItRanAsAndTheFilesItsLogRotatedTo(@TempDir Path logs) throws IOException {
        // the store killed and started again: two JVMs, the first one's log rotated once
        Files.writeString(logs.resolve("store.4100.log.0"),
                "[2026-12-06T05:51:01.000+0000][1.0s] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 9M->2M(64M) 30.0ms\n");
        Files.writeString(logs.resolve("store.4100.log"),
                "[2026-12-06T05:51:05.000+0000][5.0s] GC(2) Pause Young (Normal) (G1 Evacuation Pause) 9M->2M(64M) 20.0ms\n");
        Files.writeString(logs.resolve("store.4711.log"), """
                [2026-12-06T05:51:40.000+0000][2.0s] Using G1
                [2026-12-06T05:51:41.000+0000][3.0s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 9M->2M(64M) 50.0ms
                """);
        Files.writeString(logs.resolve("services-2.512.log"),
                "[2026-12-06T05:51:30.000+0000][9.0s] GC(7) Pause Young (Allocation Failure) 70M->9M(250M) 4.0ms\n");
        Files.writeString(logs.resolve("notes.txt"), "not a GC log\n");

        Map<String, GcPauses.Summary> pauses = GcPauses.in(logs, FROM, TO);

        assertThat(pauses).containsOnlyKeys("store", "services-2");
        assertThat(pauses.get("store")).isEqualTo(new GcPauses.Summary(3, 100.0, 50.0));
        assertThat(pauses.get("services-2")).isEqualTo(new GcPauses.Summary(1, 4.0, 4.0));
    }

    @Test
    void aStackWithoutGcLogsHasNoPauses(@TempDir Path dataDir) {
        assertThat(GcPauses.in(dataDir.resolve("logs/gc"), FROM, TO)).isEmpty();
    }
}
