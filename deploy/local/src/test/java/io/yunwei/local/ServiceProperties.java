package io.yunwei.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration properties one deployable reads: Spring Boot's documented properties (the configuration
 * metadata of every jar on this test's classpath), the keys and {@code ${placeholders}} of the module's own
 * {@code application.yml} (and the chassis defaults, for services on the chassis), and the module's
 * {@code @ConfigurationProperties} records. An environment variable sets a property when it is the property's name
 * with dots and dashes turned into underscores, upper-cased: the form that both binding and placeholders accept.
 */
final class ServiceProperties {

    /** Variables the images' runtime reads rather than Spring: the JVM, and the buildpack's health checker. */
    static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "THC_PORT", "THC_PATH");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z0-9_.\\-\\[\\]]+)");
    private static final Pattern PROPERTIES_RECORD = Pattern.compile(
            "@ConfigurationProperties\\(\"([a-z0-9.\\-]+)\"\\)[^{]*?record\\s+\\w+\\s*\\((.*?)\\)\\s*(?:implements[^{]*)?\\{",
            Pattern.DOTALL);
    private static final Pattern COMPONENT = Pattern.compile("(\\w+)\\s*(?:,|$)");
    private static final Set<String> BOOT_MAPS = new TreeSet<>();
    private static final Set<String> BOOT_PROPERTIES = bootProperties();

    private final Set<String> properties;

    private ServiceProperties(Set<String> properties) {
        this.properties = properties;
    }

    static ServiceProperties of(Path repoRoot, String module, boolean onChassis) {
        Set<String> own = new TreeSet<>(BOOT_PROPERTIES);
        readModule(repoRoot.resolve(module), own);
        if (onChassis) {
            readModule(repoRoot.resolve("chassis"), own);
        }
        return new ServiceProperties(own);
    }

    /** Whether the variable sets a property this deployable reads, or is one its runtime reads. */
    boolean reads(String variable) {
        return RUNTIME_VARIABLES.contains(variable)
                || properties.stream().anyMatch(property -> environmentName(property).equals(variable))
                // a key of a map Spring Boot documents, such as spring.kafka.properties.sasl.mechanism
                || BOOT_MAPS.stream().anyMatch(map -> variable.startsWith(environmentName(map) + "_"));
    }

    static String environmentName(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static void readModule(Path module, Set<String> into) {
        Path resources = module.resolve("src/main/resources");
        for (String name : List.of("application.yml", "yunwei-defaults.properties")) {
            Path file = resources.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                String text = Files.readString(file);
                if (name.endsWith(".yml")) {
                    for (Object doc : new Yaml().loadAll(text)) {
                        flatten("", doc, into);
                    }
                } else {
                    Properties properties = new Properties();
                    properties.load(new java.io.StringReader(text));
                    properties.stringPropertyNames().forEach(into::add);
                }
                placeholders(text, into);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                placeholders(code, into);
                Matcher record = PROPERTIES_RECORD.matcher(code);
                while (record.find()) {
                    String prefix = record.group(1);
                    // drop annotations and generic arguments, keep each component's name
                    String components = record.group(2).replaceAll("@\\w+(\\([^)]*\\))?", " ").replaceAll("<[^>]*>", "");
                    Matcher component = COMPONENT.matcher(components.strip());
                    while (component.find()) {
                        into.add(prefix + "." + kebab(component.group(1)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Set<String> into) {
        if (node instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).forEach((key, value) -> flatten(
                    prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, into));
        } else if (!prefix.isEmpty()) {
            into.add(prefix);
        }
    }

    private static void placeholders(String text, Set<String> into) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Set<String> bootProperties() {
        Set<String> names = new TreeSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json")) {
            try {
                for (URL url : Collections.list(ServiceProperties.class.getClassLoader().getResources(resource))) {
                    try (InputStream in = url.openStream()) {
                        JsonNode metadata = json.readTree(in);
                        metadata.path("properties").forEach(p -> {
                            names.add(p.path("name").asString());
                            if (p.path("type").asString().startsWith("java.util.Map<java.lang.String,")) {
                                BOOT_MAPS.add(p.path("name").asString());
                            }
                        });
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    static int bootPropertyCount() {
        return BOOT_PROPERTIES.size();
    }

    static boolean documentedByBoot(String property) {
        return BOOT_PROPERTIES.contains(property);
    }
}
