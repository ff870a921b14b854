package io.yunwei.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/** Where an instrument writes: its console output (the human summary) and its results folder. */
public final class Report {

    private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
            true, StandardCharsets.UTF_8);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private Report() {
    }

    /** A progress line, with the time of day. */
    public static void log(String format, Object... args) {
        OUT.println("[" + CLOCK.format(Instant.now()) + "] " + format.formatted(args));
    }

    /** A line of the summary. */
    public static void line(String format, Object... args) {
        OUT.println(args.length == 0 ? format : format.formatted(args));
    }

    /** A fresh folder {@code <out>/<instrument>-<time>} for the run's files. */
    public static Path folder(Options options, String instrument) {
        Path dir = Path.of(options.string("out", "deploy/bench/target/results"))
                .resolve(instrument + "-" + STAMP.format(Instant.now()));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the files under {@code folder} (the stack's logs, which go with its data when it stops) into {@code to}
     * in the results, keeping their sub-folders; a copy that fails is reported, not fatal.
     */
    public static void keep(Path folder, Path to) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = to.resolve(folder.relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log("could not keep %s: %s", folder, e);
        }
    }
}
