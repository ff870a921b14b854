package io.yunwei.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The garbage collectors' stop-the-world pauses of the stack's JVMs over a window: {@link #start} turns on each JVM's
 * GC log into a file of its own ({@code jcmd VM.log}, no restart, no option at launch), {@link #stop} turns it off
 * again and counts the pauses logged in between. A pause stalls every request the process serves, so a tail latency
 * the stack's own code does not explain is often here.
 */
public final class GcPauses {

    /** {@code count} pauses, together {@code totalMillis}, the longest {@code maxMillis}; {@code logged}: whether the
     * process's GC log could be turned on at all. */
    public record Summary(boolean logged, int count, double totalMillis, double maxMillis) {
    }

    // [2026-12-06T05:51:40.708+0000] GC(462) Pause Young (Allocation Failure) 1027M->481M(2053M) 126.157ms
    private static final Pattern PAUSE = Pattern.compile("^\\[([^\\]]+)\\].* Pause .* (\\d+(?:\\.\\d+)?)ms$");
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final Map<String, Path> logs = new LinkedHashMap<>();
    private final Map<String, Long> pids;
    private final Instant started;

    private GcPauses(Path folder, Map<String, Long> pids) {
        this.pids = pids;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pids.forEach((name, pid) -> {
            Path log = folder.resolve("gc-" + name.replaceAll("[^A-Za-z0-9-]", "_") + ".log").toAbsolutePath();
            if (Profiler.jcmd(pid, "VM.log", "output=file=" + log, "what=gc", "decorators=utctime")) {
                logs.put(name, log);
            }
        });
        started = Instant.now();
    }

    /** Starts logging the pauses of {@code pids} (process name → pid) into files in {@code folder}. */
    public static GcPauses start(Path folder, Map<String, Long> pids) {
        return new GcPauses(folder, pids);
    }

    /** Stops logging, and what each process paused since {@link #start}. */
    public Map<String, Summary> stop() {
        Instant stopped = Instant.now();
        Map<String, Summary> summaries = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            Path log = logs.get(name);
            if (log == null) {
                summaries.put(name, new Summary(false, 0, 0, 0));
                return;
            }
            Profiler.jcmd(pid, "VM.log", "output=file=" + log, "what=all=off");
            summaries.put(name, summarize(readLines(log), started, stopped));
        });
        return summaries;
    }

    static Summary summarize(List<String> lines, Instant from, Instant to) {
        int count = 0;
        double total = 0;
        double max = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Instant at = OffsetDateTime.parse(m.group(1), UTC_TIME).toInstant();
            if (at.isBefore(from) || at.isAfter(to)) {
                continue;
            }
            double millis = Double.parseDouble(m.group(2));
            count++;
            total += millis;
            max = Math.max(max, millis);
        }
        return new Summary(true, count, total, max);
    }

    private static List<String> readLines(Path log) {
        // the JVM rotates a full log to <name>.0, .1, ...: read those too
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(log.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(log.getFileName().toString()))
                    .sorted().toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
        return lines;
    }
}
