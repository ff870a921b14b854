package io.yunwei.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Micrometer meter names the services' main code declares as string literals ({@code "yunwei.sla.breaches"}),
 * with the module declaring each: a meter built on first use is not on a fresh service's page, but its name is
 * in the code.
 */
final class DeclaredMetrics {

    private static final List<String> MODULES = List.of("chassis", "intake-service", "dispatch-service",
            "field-service", "followup-service", "gateway");
    private static final Pattern LITERAL = Pattern.compile("\"(yunwei(?:\\.[a-z0-9]+)+)\"");
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_total", "_max");
    private static final List<String> UNITS = List.of("_seconds", "_bytes");

    private final Map<String, String> moduleByName;

    private DeclaredMetrics(Map<String, String> moduleByName) {
        this.moduleByName = moduleByName;
    }

    static DeclaredMetrics in(Path repoRoot) {
        Map<String, String> names = new TreeMap<>();
        for (String module : MODULES) {
            Path sources = repoRoot.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    LITERAL.matcher(Files.readString(file)).results()
                            .forEach(m -> names.putIfAbsent(m.group(1).replace('.', '_'), module));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new DeclaredMetrics(names);
    }

    /** The module declaring the meter a Prometheus series name comes from, if any. */
    Optional<String> declaring(String series) {
        String name = series;
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
                break;
            }
        }
        if (moduleByName.containsKey(name)) {
            return Optional.of(moduleByName.get(name));
        }
        for (String unit : UNITS) {
            if (name.endsWith(unit) && moduleByName.containsKey(name.substring(0, name.length() - unit.length()))) {
                return Optional.of(moduleByName.get(name.substring(0, name.length() - unit.length())));
            }
        }
        return Optional.empty();
    }
}
