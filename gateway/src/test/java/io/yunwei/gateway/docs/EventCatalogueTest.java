package io.yunwei.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.gateway.docs.EventCatalogueGenerator.EventType;

/**
 * The event catalogue the gateway serves is the one the services' sources describe. When an event is added or
 * changed, regenerate it with {@code ./mvnw -pl gateway test -Dtest=EventCatalogueTest -Dyunwei.catalogue.write=true}.
 */
class EventCatalogueTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path CATALOGUE = Path.of("src/main/resources/docs/events.asyncapi.json");

    private final EventCatalogueGenerator generator = new EventCatalogueGenerator(ROOT);

    @Test
    void servesTheCatalogueTheServicesSourcesDescribe() throws IOException {
        String generated = generator.asyncApi();
        if (Boolean.getBoolean("yunwei.catalogue.write")) {
            Files.writeString(CATALOGUE, generated, StandardCharsets.UTF_8);
        }

        assertThat(Files.readString(CATALOGUE, StandardCharsets.UTF_8))
                .as("%s is stale: regenerate it (see this test's javadoc)", CATALOGUE)
                .isEqualTo(generated);
    }

    @Test
    void listsEveryEventTypeTheServicesRaise() throws IOException {
        String catalogue = Files.readString(CATALOGUE, StandardCharsets.UTF_8);
        Map<String, Object> messages = JsonPath.read(catalogue, "$.components.messages");

        List<String> raised = generator.types().stream().filter(EventType::raised).map(EventType::type).toList();
        assertThat(raised).hasSizeGreaterThan(30);
        assertThat(messages.keySet()).containsAll(raised);
        // a wire name written out at a raise site, rather than through an events class, is raised all the same
        assertThat(messages.keySet()).containsAll(literalRaises());
    }

    @Test
    void listsOnlyEventTypesSomeServiceRaises() throws IOException {
        String catalogue = Files.readString(CATALOGUE, StandardCharsets.UTF_8);
        Map<String, Object> messages = JsonPath.read(catalogue, "$.components.messages");

        List<String> raised = generator.types().stream().filter(EventType::raised).map(EventType::type).toList();
        assertThat(raised).containsAll(messages.keySet());
    }

    @Test
    void putsEachTypeOnItsServicesTopicWithItsPayloadSchemaAndCloudEventsHeaders() throws IOException {
        String catalogue = Files.readString(CATALOGUE, StandardCharsets.UTF_8);

        assertThat(JsonPath.<String>read(catalogue, "$.asyncapi")).isEqualTo("3.0.0");
        assertThat(JsonPath.<Map<String, Object>>read(catalogue, "$.channels")).containsOnlyKeys("intake.events",
                "dispatch.events", "field.events", "followup.events");
        assertThat(JsonPath.<Map<String, Object>>read(catalogue, "$.channels['intake.events'].messages"))
                .containsKeys("ticket.recorded.v1", "ticket.opened.v1", "ticket.closed.v1", "ticket.reopened.v1");
        assertThat(JsonPath.<Map<String, Object>>read(catalogue, "$.channels['field.events'].messages"))
                .containsKey("visit.completed.v1");
        assertThat(JsonPath.<String>read(catalogue, "$.components.messages['visit.completed.v1'].payload.$ref"))
                .isEqualTo("#/components/schemas/VisitCompleted");
        assertThat(JsonPath.<String>read(catalogue, "$.components.schemas.VisitCompleted.properties.outcome.$ref"))
                .isEqualTo("#/components/schemas/Outcome");
        assertThat(JsonPath.<List<String>>read(catalogue, "$.components.schemas.Outcome.enum"))
                .containsExactly("RESOLVED", "REVISIT_NEEDED", "UNRESOLVED");
        assertThat(JsonPath.<List<String>>read(catalogue, "$.components.schemas.CloudEventsHeaders.required"))
                .contains("ce_id", "ce_type", "ce_source", "ce_subject", "ce_time", "ce_specversion");
        List<String> untyped = JsonPath.read(catalogue, "$.components.messages[?(@.payload.type == 'object')].name");
        assertThat(untyped).as("messages whose payload record was not found").isEmpty();
    }

    private static List<String> literalRaises() throws IOException {
        Pattern literal = Pattern.compile("(?:raise|announce)\\(\\s*\"([a-z0-9.-]+\\.v\\d+)\"");
        try (Stream<Path> files = Stream.of("intake", "dispatch", "field", "followup")
                .map(s -> ROOT.resolve(s + "-service/src/main/java")).flatMap(EventCatalogueTest::walk)) {
            return files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                Matcher matcher = literal.matcher(read(p));
                return matcher.results().map(r -> r.group(1));
            }).toList();
        }
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
