package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @TempDir
    Path dataDir;

    @Test
    void refusesToStartWhenAPortIsTaken() throws IOException {
        try (var taken = new ServerSocket(0)) {
            Ports free = Ports.free();
            Ports ports = new Ports(free.kafka(), free.kafkaController(), taken.getLocalPort(), free.auth(),
                    free.gateway(), free.intake(), free.dispatch(), free.field(), free.followup(), free.prometheus());
            try (var stack = new LocalStack(StackConfig.of(StackConfig.locateRepoRoot()).withDataDir(dataDir)
                    .withPorts(ports))) {
                assertThatThrownBy(stack::startInfrastructure).isInstanceOf(StartFailedException.class)
                        .hasMessageContaining("port " + taken.getLocalPort() + " (store) already in use");
                assertThat(stack.pids()).isEmpty();
            }
        }
    }

    @Test
    void keepsTheKafkaClusterIdOnceCreated() {
        String created = new KafkaNode(dataDir, Node.of(Part.KAFKA), 1).clusterId();

        assertThat(new KafkaNode(dataDir, Node.of(Part.KAFKA), 1).clusterId()).isEqualTo(created)
                .matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
    }

    @Test
    void theNodesOfAClusterShareOneClusterIdAndKeepTheirStorageApartFromTheSingleBroker() {
        String single = new KafkaNode(dataDir, Node.of(Part.KAFKA), 1).clusterId();
        KafkaNode first = new KafkaNode(dataDir, new Node(Part.KAFKA, 1), 3);
        KafkaNode third = new KafkaNode(dataDir, new Node(Part.KAFKA, 3), 3);

        assertThat(first.clusterId()).isEqualTo(third.clusterId()).isNotEqualTo(single);
        assertThat(first.storage()).isNotEqualTo(third.storage())
                .isNotEqualTo(new KafkaNode(dataDir, Node.of(Part.KAFKA), 1).storage());
    }

    @Test
    void aThreeNodeClusterReplicatesEveryTopicThreeTimesAndWritesToTwo() throws IOException {
        StackConfig config = StackConfig.of(StackConfig.locateRepoRoot()).withDataDir(dataDir)
                .withPorts(Ports.free()).withBrokers(3);
        KafkaNode second = new KafkaNode(dataDir, new Node(Part.KAFKA, 2), 3);
        second.writeConfiguration(config, KafkaCredentials.of(dataDir));

        String properties = java.nio.file.Files.readString(second.serverProperties());
        String voters = config.nodes(Part.KAFKA).stream()
                .map(node -> node.instance() + "@127.0.0.1:" + config.ports().of(node).get(1))
                .collect(java.util.stream.Collectors.joining(","));
        assertThat(properties).contains("node.id=2\n", "controller.quorum.voters=" + voters + "\n",
                "default.replication.factor=3\n", "min.insync.replicas=2\n", "offsets.topic.replication.factor=3\n",
                "listeners=CLIENT://127.0.0.1:" + config.ports().port(new Node(Part.KAFKA, 2)) + ",",
                "listener.security.protocol.map=CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT\n");
        assertThat(properties).doesNotContain("sasl", "authorizer");
        assertThat(config.kafkaBootstrapServers().split(",")).hasSize(3);
    }

    @Test
    void aBrokerBehindARouteAdvertisesTheRouteSoEveryClientGoesThroughIt() throws IOException {
        StackConfig config = StackConfig.of(StackConfig.locateRepoRoot()).withDataDir(dataDir).withPorts(Ports.free())
                .withBrokerRoute(45123);
        KafkaNode broker = new KafkaNode(dataDir, Node.of(Part.KAFKA), 1);
        broker.writeConfiguration(config, KafkaCredentials.of(dataDir));

        String properties = java.nio.file.Files.readString(broker.serverProperties());
        assertThat(properties).contains("listeners=CLIENT://127.0.0.1:" + config.ports().kafka() + ",",
                "advertised.listeners=CLIENT://127.0.0.1:45123\n");
        assertThat(config.kafkaBootstrapServers()).isEqualTo("127.0.0.1:45123");
        assertThatThrownBy(() -> config.withBrokers(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one-broker");
    }

    @Test
    void withAuthenticationEveryListenerTakesOnlySaslAndWhatNoAclGrantsIsRefused() throws IOException {
        StackConfig config = StackConfig.of(StackConfig.locateRepoRoot()).withDataDir(dataDir).withPorts(Ports.free())
                .withKafkaAuth();
        KafkaCredentials credentials = KafkaCredentials.of(dataDir);
        KafkaNode broker = new KafkaNode(dataDir, Node.of(Part.KAFKA), 1);
        broker.writeConfiguration(config, credentials);

        String properties = java.nio.file.Files.readString(broker.serverProperties());
        assertThat(properties).contains("listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT\n",
                "sasl.enabled.mechanisms=SCRAM-SHA-512\n", "sasl.mechanism.controller.protocol=PLAIN\n",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n",
                "allow.everyone.if.no.acl.found=false\n",
                "super.users=User:yunwei-broker;User:yunwei-controller;User:yunwei-admin\n",
                "password=\"" + credentials.password(KafkaCredentials.BROKER) + "\"");
        assertThat(properties).doesNotContain("PLAINTEXT:PLAINTEXT", "User:ANONYMOUS");
        assertThat(Layout.parse("--kafka-auth").applyTo(config.withDataDir(dataDir)).kafkaAuth()).isTrue();
    }

    @Test
    void credentialsAreMadeOnceForEveryPrincipalAndReadableByTheirOwnerOnly() throws IOException {
        Path dir = dataDir.resolve("credentials");
        KafkaCredentials first = KafkaCredentials.of(dir);
        KafkaCredentials again = KafkaCredentials.of(dir);

        assertThat(KafkaCredentials.principals()).contains("intake-service", "dispatch-service", "field-service",
                "followup-service", KafkaCredentials.ADMIN);
        assertThat(KafkaCredentials.principals()).allSatisfy(principal ->
                assertThat(again.password(principal)).isEqualTo(first.password(principal)).hasSize(32));
        assertThat(first.password("intake-service")).isNotEqualTo(first.password("field-service"));
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("kafka-credentials.properties")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        // the controllers' login is SASL/PLAIN, held in their configuration, not a SCRAM user in their log
        assertThat(first.scramUsers()).hasSize(2 * (KafkaCredentials.principals().size() - 1))
                .noneMatch(argument -> argument.contains(KafkaCredentials.CONTROLLER));
    }


    @Test
    void theClusterLayoutNeedsPortsForEveryInstanceAndOnlyOneOrThreeBrokers() {
        Ports single = new Ports(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        StackConfig config = StackConfig.of(StackConfig.locateRepoRoot()).withDataDir(dataDir);

        assertThatThrownBy(() -> config.withPorts(single).withInstances(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Ports.free()");
        assertThatThrownBy(() -> config.withBrokers(2)).hasMessageContaining("1 or 3 nodes");
        assertThat(config.withInstances(2).nodes(Part.GATEWAY)).extracting(Node::id)
                .containsExactly("gateway", "gateway-2");
        assertThat(Layout.parse("--cluster").applyTo(config).nodes(Part.KAFKA)).hasSize(3);
        assertThatThrownBy(() -> Layout.parse("--instances=3")).hasMessageContaining("one of [1, 2]");
    }

    @Test
    void everyInstanceHasPortsOfItsOwn() {
        Ports ports = Ports.defaults();

        assertThat(ports.of(new Node(Part.KAFKA, 2))).containsExactly(9094, 9095);
        assertThat(ports.of(new Node(Part.KAFKA, 3))).containsExactly(9096, 9097);
        assertThat(ports.port(new Node(Part.GATEWAY, 2))).isEqualTo(8090);
        assertThat(ports.port(new Node(Part.FOLLOWUP, 2))).isEqualTo(8094);
        assertThat(ports.port(Node.of(Part.INTAKE))).isEqualTo(8081);
    }
}
