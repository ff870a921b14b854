package io.yunwei.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * A Spring Boot part's ahead-of-time cache (JDK 25 and later): the classes one start of it loaded and linked, and how
 * its methods ran, which every later start of the same build maps instead of reading, verifying and linking them
 * again. A service's start to its refreshed context takes about a third less CPU with it, and CPU is what a part
 * restarted on a busy machine waits for.
 *
 * <p>The cache takes jars on the class path only, not Spring Boot's nested ones: each build of a part's executable
 * jar is extracted once ({@code -Djarmode=tools extract}) into a folder beside it, named by the jar's time and the
 * JDK, where a training start of the part (its own command, stopping once its context is refreshed) writes the cache
 * as it exits. Until that has happened, on an older JDK, or when it failed, the part starts from its jar as before.
 */
final class StartCache {

    /** The JDK whose single training run writes the cache ({@code -XX:AOTCacheOutput}, JEP 514). */
    static final boolean SUPPORTED = Runtime.version().feature() >= 25;

    private static final String CACHE = "app.aot";
    private static final long EXTRACT_TIMEOUT_SECONDS = 120;

    private final String java;
    private final Map<Path, Object> locks = new ConcurrentHashMap<>();
    private final Set<Path> failed = ConcurrentHashMap.newKeySet();

    StartCache(String java) {
        this.java = java;
    }

    /** {@code -jar} and what the part runs from: this build's extracted jar and its cache once trained. */
    List<String> jar(Path execJar) {
        Path folder = folder(execJar);
        Path cache = folder.resolve(CACHE);
        if (SUPPORTED && Files.isRegularFile(cache)) {
            return List.of("-XX:AOTCache=" + cache, "-jar", folder.resolve(execJar.getFileName()).toString());
        }
        return List.of("-jar", execJar.toString());
    }

    /**
     * Extracts this build of the jar and has {@code train} run its training start, unless its cache is there already
     * or failed in this launcher before. {@code train} is given the options that point the JVM at the extracted jar
     * and the file to write, and the file for the start's output (kept in the folder); it runs the start and waits for
     * it. One at a time per build, across launchers too: the second instance of a part waits and then uses the first
     * one's cache.
     *
     * @throws IllegalStateException when the cache could not be made; the part then starts from its jar
     */
    void prepare(Path execJar, BiConsumer<List<String>, Path> train) {
        Path folder = folder(execJar);
        Path cache = folder.resolve(CACHE);
        if (!SUPPORTED || Files.isRegularFile(cache) || failed.contains(folder)) {
            return;
        }
        synchronized (locks.computeIfAbsent(folder, key -> new Object())) {
            if (Files.isRegularFile(cache) || failed.contains(folder)) {
                return;
            }
            try {
                Files.createDirectories(folder.getParent());
            } catch (IOException e) {
                failed.add(folder);
                throw new IllegalStateException("cannot create " + folder.getParent() + ": " + e, e);
            }
            try (var channel = FileChannel.open(folder.resolveSibling(folder.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    var lock = channel.lock()) {
                if (Files.isRegularFile(cache)) {
                    return;
                }
                removeAllBut(folder);
                extract(execJar, folder);
                // the JVM writes the cache as it exits; a training cut short must not leave a file that looks done
                Path partial = folder.resolve(CACHE + ".partial");
                train.accept(List.of("-XX:AOTCacheOutput=" + partial, "-jar",
                        folder.resolve(execJar.getFileName()).toString()), folder.resolve("training.log"));
                if (!Files.isRegularFile(partial)) {
                    throw new IllegalStateException("the training start wrote no cache");
                }
                Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                failed.add(folder);
                // a missing file's exception says no more than its path
                throw new IllegalStateException(execJar.getFileName() + ": "
                        + (e instanceof IOException ? e.toString() : e.getMessage()), e);
            }
        }
    }

    /** Where one build of a jar is extracted and cached, for the JDK this launcher runs. */
    static Path folder(Path execJar) {
        String name = execJar.getFileName().toString().replaceFirst("\\.jar$", "");
        long built;
        try {
            built = Files.getLastModifiedTime(execJar).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + execJar, e);
        }
        return execJar.resolveSibling("start-cache").resolve(name + "-" + built + "-jdk" + Runtime.version());
    }

    private void extract(Path execJar, Path folder) throws IOException {
        List<String> command = List.of(java, "-Djarmode=tools", "-jar", execJar.toString(), "extract",
                "--destination", folder.toString());
        Path output = folder.resolveSibling(folder.getFileName() + ".extract.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("extracting took over " + EXTRACT_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("extracting failed with code " + process.exitValue() + ": "
                    + Files.readString(output).strip());
        }
        Files.delete(output);
    }

    /** Earlier builds' folders, and a half-made one of this build that a killed launcher left. */
    private static void removeAllBut(Path folder) throws IOException {
        Path lock = folder.resolveSibling(folder.getFileName() + ".lock");
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder.getParent())) {
            entries.filter(entry -> !entry.equals(lock)).forEach(stale::add);
        }
        for (Path entry : stale) {
            try (Stream<Path> tree = Files.walk(entry)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
