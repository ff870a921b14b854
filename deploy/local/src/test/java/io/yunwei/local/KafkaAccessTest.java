package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.yunwei.local.KafkaAccess.Grant;

/** The access list production and {@code deploy/local/run --kafka-auth} apply: each service writes only its own. */
class KafkaAccessTest {

    private static final List<String> EVENT_TOPICS = List.of("intake.events", "dispatch.events", "field.events",
            "followup.events");

    @TempDir
    Path dir;

    @Test
    void eachServiceWritesOnlyItsOwnTopicAndItsOwnDeadLetters() throws IOException {
        List<Grant> grants = KafkaAccess.read(StackConfig.locateRepoRoot().resolve("deploy/ops/k8s/kafka-access.txt"));

        assertThat(grants).extracting(Grant::principal).containsOnlyElementsOf(
                StackConfig.SERVICES.stream().map(Part::id).toList());
        for (Part service : StackConfig.SERVICES) {
            String own = service.id().replace("-service", "") + ".events";
            List<Grant> writes = grants.stream().filter(grant -> grant.principal().equals(service.id()))
                    .filter(grant -> grant.operations().contains(AclOperation.WRITE)).toList();
            assertThat(writes).as(service.id()).allSatisfy(grant -> {
                assertThat(grant.type()).isEqualTo(ResourceType.TOPIC);
                assertThat(grant.name()).satisfiesAnyOf(
                        name -> assertThat(name).isEqualTo(own),
                        name -> assertThat(name).matches("[a-z]+\\.events\\." + service.id() + "(-[a-z]+)?\\.dlt"));
            });
            assertThat(writes).extracting(Grant::name).contains(own);
        }
        // nobody but its owner writes an event topic, and nobody may do everything
        for (String topic : EVENT_TOPICS) {
            assertThat(grants.stream().filter(grant -> grant.name().equals(topic))
                    .filter(grant -> grant.operations().contains(AclOperation.WRITE))).hasSize(1);
        }
        assertThat(grants).noneMatch(grant -> grant.operations().contains(AclOperation.ALL)
                || grant.operations().contains(AclOperation.ALTER) || grant.name().contains("*"));
    }

    @Test
    void aConsumerGroupBelongsToOneServiceAndItsDeadLettersToTheSameOne() throws IOException {
        List<Grant> grants = KafkaAccess.read(StackConfig.locateRepoRoot().resolve("deploy/ops/k8s/kafka-access.txt"));

        for (Grant group : grants.stream().filter(grant -> grant.type() == ResourceType.GROUP).toList()) {
            assertThat(group.name()).startsWith(group.principal());
            assertThat(group.operations()).containsExactly(AclOperation.READ);
        }
        for (Grant letters : grants.stream().filter(grant -> grant.name().endsWith(".dlt")).toList()) {
            String group = letters.name().replaceFirst("^[a-z]+\\.events\\.", "").replaceFirst("\\.dlt$", "");
            assertThat(grants).as(letters.name()).anySatisfy(grant -> assertThat(grant)
                    .isEqualTo(new Grant(letters.principal(), ResourceType.GROUP, group, Set.of(AclOperation.READ))));
        }
    }

    @Test
    void aLineThatIsNotAGrantIsRefusedWithItsNumber() throws IOException {
        Path list = dir.resolve("access.txt");
        Files.writeString(list, "# comment\n\nintake-service topic intake.events WRITE\nintake-service cluster x READ\n");

        assertThatThrownBy(() -> KafkaAccess.read(list)).hasMessageContaining("access.txt:4")
                .hasMessageContaining("topic or a group");
        Files.writeString(list, "intake-service topic intake.events\n");
        assertThatThrownBy(() -> KafkaAccess.read(list)).hasMessageContaining("access.txt:1");
    }
}
