package io.yunwei.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of every Java process of the stack over the measured window ({@code jcmd JFR.start} with the
 * {@code profile} settings), summarised per process: the share of execution samples per subsystem, a sample going
 * to the first subsystem found walking from the leaf frame towards the root, and the hottest leaf methods.
 */
public final class Profiler {

    /** Package prefixes, most specific first: the first that a frame's class starts with names its subsystem. */
    static final List<String[]> SUBSYSTEMS = List.of(
            new String[] { "io.yunwei.", "Yunwei" },
            new String[] { "com.mongodb.", "MongoDB driver + BSON" },
            new String[] { "org.bson.", "MongoDB driver + BSON" },
            new String[] { "org.springframework.data.", "Spring Data mapping" },
            new String[] { "io.micrometer.", "Micrometer/OpenTelemetry" },
            new String[] { "io.opentelemetry.", "Micrometer/OpenTelemetry" },
            new String[] { "io.prometheus.", "Micrometer/OpenTelemetry" },
            new String[] { "org.springframework.security.", "Spring Security" },
            new String[] { "com.nimbusds.", "JWT/RSA" },
            new String[] { "sun.security.", "JWT/RSA" },
            new String[] { "java.math.", "JWT/RSA" },
            new String[] { "org.springframework.kafka.", "Kafka client" },
            new String[] { "org.apache.kafka.", "Kafka" },
            new String[] { "kafka.", "Kafka" },
            new String[] { "de.bwaldvogel.", "store (mongo-java-server)" },
            new String[] { "org.h2.", "store (H2 MVStore)" },
            new String[] { "io.netty.", "Netty" },
            new String[] { "org.springframework.cloud.", "Spring Cloud Gateway" },
            new String[] { "io.github.resilience4j.", "Resilience4j" },
            new String[] { "org.apache.catalina.", "Tomcat" },
            new String[] { "org.apache.coyote.", "Tomcat" },
            new String[] { "org.apache.tomcat.", "Tomcat" },
            new String[] { "org.springframework.web.", "Spring MVC" },
            new String[] { "org.springframework.http.", "Spring MVC" },
            new String[] { "tools.jackson.", "Jackson" },
            new String[] { "com.fasterxml.jackson.", "Jackson" },
            new String[] { "ch.qos.logback.", "logging" },
            new String[] { "org.slf4j.", "logging" },
            new String[] { "org.apache.logging.", "logging" },
            new String[] { "org.springframework.", "Spring core" },
            new String[] { "jakarta.", "Jakarta APIs" });

    public record Summary(String process, long samples, Map<String, Double> subsystems, List<String> hotMethods) {
    }

    private final Path folder;
    private final Map<String, Long> pids;
    private final Map<String, Path> started = new LinkedHashMap<>();

    public Profiler(Path folder, Map<String, Long> pids) {
        this.folder = folder;
        this.pids = pids;
    }

    /** Starts a recording in every process that takes one; a process that does not is left out. */
    public void start() {
        pids.forEach((name, pid) -> {
            Path file = folder.resolve(name.replaceAll("[^A-Za-z0-9-]", "_") + ".jfr").toAbsolutePath();
            if (jcmd(pid, "JFR.start", "name=bench", "settings=profile", "filename=" + file)) {
                started.put(name, file);
            }
        });
    }

    /** Stops every recording, which writes its file, and summarises each. */
    public List<Summary> stop() {
        List<Summary> summaries = new ArrayList<>();
        started.forEach((name, file) -> {
            if (jcmd(pids.get(name), "JFR.stop", "name=bench") && Files.exists(file)) {
                summaries.add(summarise(name, file));
            }
        });
        return summaries;
    }

    static Summary summarise(String process, Path file) {
        Map<String, Long> bySubsystem = new HashMap<>();
        Map<String, Long> byMethod = new HashMap<>();
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                RecordedFrame leaf = frames.getFirst();
                byMethod.merge(leaf.getMethod().getType().getName() + "." + leaf.getMethod().getName(), 1L, Long::sum);
                bySubsystem.merge(subsystemOf(frames), 1L, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        long total = Math.max(1, samples);
        Map<String, Double> shares = new LinkedHashMap<>();
        bySubsystem.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> shares.put(e.getKey(), 100.0 * e.getValue() / total));
        List<String> hot = byMethod.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(15).map(e -> String.format("%5.1f %%  %s", 100.0 * e.getValue() / total, e.getKey())).toList();
        return new Summary(process, samples, shares, hot);
    }

    static String subsystemOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (String[] subsystem : SUBSYSTEMS) {
                if (type.startsWith(subsystem[0])) {
                    return subsystem[1];
                }
            }
        }
        return "JDK and other";
    }

    /** The summaries as text, the profile's part of the report. */
    public static String text(List<Summary> summaries) {
        StringBuilder out = new StringBuilder();
        for (Summary s : summaries.stream().sorted(Comparator.comparing(Summary::process)).toList()) {
            out.append("== ").append(s.process()).append(" (").append(s.samples()).append(" execution samples) ==\n");
            s.subsystems().forEach((name, share) -> out.append(String.format("  %5.1f %%  %s%n", share, name)));
            out.append("  hottest leaf methods:\n");
            s.hotMethods().forEach(line -> out.append("    ").append(line).append('\n'));
        }
        return out.toString();
    }

    /** Runs a diagnostic command in the JVM {@code pid}; whether it succeeded within a minute. */
    private static boolean jcmd(long pid, String... command) {
        List<String> args = new ArrayList<>();
        args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        args.add(Long.toString(pid));
        args.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(args).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
