package io.yunwei.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The garbage collectors' stop-the-world pauses of the stack's JVMs in a window, read from the GC logs the local stack
 * has each JVM write ({@code StackConfig.gcLogs()}: {@code <process>.<pid>.log}, rotated to
 * {@code .log.0}, {@code .log.1}). A pause stalls every request the process serves, so a tail latency the stack's
 * own code does not explain is often here.
 */
public final class GcPauses {

    /** {@code count} pauses, together {@code totalMillis}, the longest {@code maxMillis}. */
    public record Summary(int count, double totalMillis, double maxMillis) {
    }

    // [2026-12-06T05:51:40.708+0000][3088.125s] GC(462) Pause Young (Allocation Failure) 1027M->481M(2053M) 126.157ms
    private static final Pattern PAUSE = Pattern.compile("^\\[([^\\]]+)\\].* Pause .* (\\d+(?:\\.\\d+)?)ms$");
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern LOG_FILE = Pattern.compile("^(.+)\\.\\d+\\.log(\\.\\d+)?$");

    private GcPauses() {
    }

    /**
     * Each process's pauses between {@code from} and {@code to}, over every JVM it ran as (a process restarted by a
     * fault logs into a file of its own), by process name; empty if {@code folder} holds no GC log.
     */
    public static Map<String, Summary> in(Path folder, Instant from, Instant to) {
        if (!Files.isDirectory(folder)) {
            return Map.of();
        }
        Map<String, List<Path>> logsOfProcess;
        try (Stream<Path> files = Files.list(folder)) {
            logsOfProcess = files.filter(file -> LOG_FILE.matcher(file.getFileName().toString()).matches())
                    .sorted()
                    .collect(Collectors.groupingBy(GcPauses::process, TreeMap::new, Collectors.toList()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        Map<String, Summary> pauses = new TreeMap<>();
        logsOfProcess.forEach((process, logs) -> {
            List<String> lines = new ArrayList<>();
            logs.forEach(log -> lines.addAll(readLines(log)));
            pauses.put(process, summarize(lines, from, to));
        });
        return pauses;
    }

    private static String process(Path log) {
        Matcher m = LOG_FILE.matcher(log.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a GC log: " + log);
        }
        return m.group(1);
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
        return new Summary(count, total, max);
    }

    private static List<String> readLines(Path log) {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}
