package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceHostTest {

    @TempDir
    Path dir;

    @Test
    void readsEachServiceWithItsOwnArguments() {
        List<ServiceHost.App> apps = ServiceHost.parse(List.of("--", "intake-service-0.1.0-SNAPSHOT-exec.jar",
                "--server.port=8081", "--", "dispatch-service-0.1.0-SNAPSHOT-exec.jar", "--server.port=8082"));

        assertThat(apps).extracting(ServiceHost.App::name).containsExactly("intake-service", "dispatch-service");
        assertThat(apps.get(1).args()).containsExactly("--server.port=8082");
    }

    @Test
    void refusesArgumentsThatNameNoService() {
        assertThatThrownBy(() -> ServiceHost.parse(List.of("intake.jar"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unpacksAnExecJarIntoItsClassesAndLibraries() throws IOException {
        Path jar = execJar("intake-service-0.1.0-SNAPSHOT-exec.jar", "io.yunwei.intake.IntakeApplication",
                Map.of("BOOT-INF/classes/application.yml", "server.port: 8081",
                        "BOOT-INF/lib/kafka-clients-4.1.0.jar", "kafka"));

        ServiceHost.Unpacked unpacked = ServiceHost.unpack(new ServiceHost.App(jar, List.of()), dir.resolve("intake"));

        assertThat(unpacked.mainClass()).isEqualTo("io.yunwei.intake.IntakeApplication");
        assertThat(unpacked.classes().resolve("application.yml")).hasContent("server.port: 8081");
        assertThat(unpacked.libs()).containsOnlyKeys("kafka-clients-4.1.0.jar");
    }

    @Test
    void sharesOnlyTheLibrariesEveryServiceHasInTheSameVersion() throws IOException {
        ServiceHost.Unpacked intake = unpacked("intake", Map.of("BOOT-INF/lib/spring-core.jar", "same",
                "BOOT-INF/lib/jackson.jar", "one version", "BOOT-INF/lib/lucene.jar", "only here"));
        ServiceHost.Unpacked dispatch = unpacked("dispatch", Map.of("BOOT-INF/lib/spring-core.jar", "same",
                "BOOT-INF/lib/jackson.jar", "another version"));

        assertThat(ServiceHost.sharedLibraries(List.of(intake, dispatch))).containsExactly("spring-core.jar");
    }

    @Test
    void refusesServicesBuiltAgainstDifferentSnapshotsOfTheChassis() throws IOException {
        ServiceHost.Unpacked intake = unpacked("intake", Map.of("BOOT-INF/lib/chassis-0.1.0-SNAPSHOT.jar", "rebuilt"));
        ServiceHost.Unpacked dispatch = unpacked("dispatch", Map.of("BOOT-INF/lib/chassis-0.1.0-SNAPSHOT.jar", "old"));

        assertThatThrownBy(() -> ServiceHost.sharedLibraries(List.of(intake, dispatch)))
                .hasMessageContaining("chassis-0.1.0-SNAPSHOT.jar differs").hasMessageContaining("./mvnw");
    }

    @Test
    void refusesAJarThatIsNotAnExecJar() throws IOException {
        Path jar = execJar("plain.jar", null, Map.of());

        assertThatThrownBy(() -> ServiceHost.unpack(new ServiceHost.App(jar, List.of()), dir.resolve("plain")))
                .hasMessageContaining("Start-Class");
    }

    private ServiceHost.Unpacked unpacked(String name, Map<String, String> entries) throws IOException {
        Path jar = execJar(name + "-exec.jar", "io.yunwei." + name + ".Application", entries);
        return ServiceHost.unpack(new ServiceHost.App(jar, List.of()), dir.resolve(name));
    }

    private Path execJar(String name, String startClass, Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (startClass != null) {
            manifest.getMainAttributes().putValue("Start-Class", startClass);
        }
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); var out = new JarOutputStream(file, manifest)) {
            for (var entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
