package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build of a Spring Boot part is trained once and every later start maps the classes the training loaded instead of
 * reading them from the jar; a new build starts from its jar until it is trained in turn. Driven with the
 * authorization server's jar, the part that needs neither broker nor store.
 */
@EnabledForJreRange(min = JRE.JAVA_25)
class StartCacheIT {

    private static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

    @TempDir
    Path dir;

    @Test
    void aTrainedBuildStartsFromItsCacheAndANewBuildFromItsJarUntilTrained() throws IOException {
        Path jar = copyOfTheAuthServerJar();
        var cache = new StartCache(JAVA);
        var trainings = new AtomicInteger();

        cache.prepare(jar, (options, log) -> {
            trainings.incrementAndGet();
            assertThat(run(options, log)).as("the training start's exit code; see " + log).isZero();
        });
        cache.prepare(jar, (options, log) -> trainings.incrementAndGet());

        assertThat(trainings).as("trainings of one build").hasValue(1);
        List<String> trained = cache.jar(jar);
        assertThat(trained.getFirst()).startsWith("-XX:AOTCache=");
        assertThat(springClassesFromTheCache(trained)).as("Spring classes mapped from the cache").isGreaterThan(1000);
        assertThat(springClassesFromTheCache(List.of("-jar", jar.toString()))).as("from the jar itself").isZero();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(cache.jar(jar)).as("a new build, not yet trained").containsExactly("-jar", jar.toString());
        assertThatThrownBy(() -> cache.prepare(jar, (options, log) -> {
            throw new StartFailedException(Part.AUTH, "the training start failed");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("the training start failed");
        cache.prepare(jar, (options, log) -> trainings.incrementAndGet());

        assertThat(trainings).as("a build whose training failed is not trained again by the same launcher").hasValue(1);
        assertThat(cache.jar(jar)).containsExactly("-jar", jar.toString());
        try (var folders = Files.list(jar.resolveSibling("start-cache"))) {
            assertThat(folders.filter(Files::isDirectory).toList()).as("the old build's folder, removed")
                    .containsExactly(StartCache.folder(jar));
        }
    }

    private Path copyOfTheAuthServerJar() throws IOException {
        Path target = StackConfig.locateRepoRoot().resolve(Part.AUTH.module()).resolve("target");
        Path built;
        try (var files = Files.list(target)) {
            built = files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build the authorization server first: " + target));
        }
        Path copy = dir.resolve("target").resolve(built.getFileName());
        Files.createDirectories(copy.getParent());
        return Files.copy(built, copy);
    }

    /** Starts the part until its context is refreshed, with the options given and its output to {@code log}. */
    private int run(List<String> options, Path log) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dspring.context.exit=onRefresh"));
        command.addAll(options);
        command.addAll(List.of("--server.port=0", "--yunwei.auth.issuer=http://127.0.0.1:1",
                "--yunwei.auth.key-file=" + dir.resolve("signing-key.json")));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("no exit within 3 minutes; see " + log);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many Spring classes a start of the part loads from a cache rather than a jar. */
    private long springClassesFromTheCache(List<String> jarOptions) throws IOException {
        Path log = Files.createTempFile(dir, "start", ".log");
        List<String> options = new ArrayList<>(List.of("-Xlog:class+load=info"));
        options.addAll(jarOptions);
        assertThat(run(options, log)).as("the start's exit code; see " + log).isZero();
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(" org.springframework.")
                    && line.contains("source: shared objects file")).count();
        }
    }
}
