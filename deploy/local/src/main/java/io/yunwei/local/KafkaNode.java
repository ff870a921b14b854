package io.yunwei.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The files of one KRaft node (broker and controller in one): configuration, cluster id, storage. A single node keeps
 * them in {@code <data dir>/kafka}; the nodes of a cluster in {@code <data dir>/kafka-cluster/node-<n>}, sharing the
 * cluster id kept beside them.
 */
final class KafkaNode {

    private final Node node;
    private final int brokers;
    private final Path root;
    private final Path dir;

    KafkaNode(Path dataDir, Node node, int brokers) {
        this.node = node;
        this.brokers = brokers;
        this.root = root(dataDir, brokers);
        this.dir = brokers == 1 ? root : root.resolve("node-" + node.instance());
    }

    /** Where a layout keeps its nodes' storage: a single node's and a cluster's are apart. */
    static Path root(Path dataDir, int brokers) {
        return brokers == 1 ? dataDir.resolve("kafka") : dataDir.resolve("kafka-cluster");
    }

    Node node() {
        return node;
    }

    Path serverProperties() {
        return dir.resolve("server.properties");
    }

    Path logConfig() {
        return dir.resolve("log4j2.xml");
    }

    Path storage() {
        return dir.resolve("storage");
    }

    /**
     * Rewritten on every start, since ports may differ between runs; the storage itself is kept. In a cluster every
     * topic is replicated to all three nodes and a write needs two of them ({@code min.insync.replicas=2} with the
     * producers' {@code acks=all}), so one node can be lost without losing or refusing a write.
     */
    void writeConfiguration(StackConfig config, KafkaCredentials credentials) {
        Ports ports = config.ports();
        List<Node> nodes = config.nodes(Part.KAFKA);
        String voters = nodes.stream().map(n -> n.instance() + "@127.0.0.1:" + ports.of(n).get(1))
                .collect(Collectors.joining(","));
        int replicas = brokers;
        int minInSync = Math.min(2, brokers);
        String properties = """
                # written by io.yunwei.local.LocalStack on every start; edits are lost
                node.id=%1$d
                process.roles=broker,controller
                listeners=CLIENT://127.0.0.1:%2$d,CONTROLLER://127.0.0.1:%3$d
                advertised.listeners=CLIENT://127.0.0.1:%8$d
                inter.broker.listener.name=CLIENT
                controller.listener.names=CONTROLLER
                controller.quorum.voters=%4$s
                log.dirs=%5$s
                auto.create.topics.enable=true
                num.partitions=3
                default.replication.factor=%6$d
                min.insync.replicas=%7$d
                offsets.topic.replication.factor=%6$d
                transaction.state.log.replication.factor=%6$d
                transaction.state.log.min.isr=%7$d
                share.coordinator.state.topic.replication.factor=%6$d
                share.coordinator.state.topic.min.isr=%7$d
                group.initial.rebalance.delay.ms=0
                """.formatted(node.instance(), ports.port(node), ports.of(node).get(1), voters, storage(), replicas,
                minInSync, config.advertisedPort(node)) + security(config, credentials);
        try {
            Files.createDirectories(dir);
            Files.writeString(serverProperties(), properties);
            try (InputStream log = KafkaNode.class.getResourceAsStream("kafka-log4j2.xml")) {
                Files.copy(log, logConfig(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Kafka's configuration to " + dir, e);
        }
    }

    /**
     * With authentication the client listener takes SASL/SCRAM-SHA-512 only, and so do the brokers among themselves
     * (as {@value KafkaCredentials#BROKER}); the controllers' listener takes SASL/PLAIN (as
     * {@value KafkaCredentials#CONTROLLER}); every request is authorized by the ACLs, and what none grants is
     * refused. The brokers, the controllers and the administrator are super users.
     */
    private static String security(StackConfig config, KafkaCredentials credentials) {
        if (!config.kafkaAuth()) {
            return """
                    listener.security.protocol.map=CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT
                    """;
        }
        String controller = credentials.password(KafkaCredentials.CONTROLLER);
        return """
                listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
                sasl.enabled.mechanisms=%1$s
                sasl.mechanism.inter.broker.protocol=%1$s
                listener.name.client.sasl.enabled.mechanisms=%1$s
                listener.name.client.scram-sha-512.sasl.jaas.config=%2$s
                sasl.mechanism.controller.protocol=PLAIN
                listener.name.controller.sasl.enabled.mechanisms=PLAIN
                listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule \
                  required username="%3$s" password="%4$s" user_%3$s="%4$s";
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                allow.everyone.if.no.acl.found=false
                super.users=User:%5$s;User:%3$s;User:%6$s
                """.formatted(KafkaCredentials.MECHANISM, credentials.scramLogin(KafkaCredentials.BROKER),
                KafkaCredentials.CONTROLLER, controller, KafkaCredentials.BROKER, KafkaCredentials.ADMIN);
    }

    /** Formatting writes meta.properties; a formatted node must not be formatted again. */
    boolean isFormatted() {
        return Files.isRegularFile(storage().resolve("meta.properties"));
    }

    /** Whether the storage was formatted with the SCRAM users of {@link KafkaCredentials}, as every storage now is. */
    boolean hasCredentials() {
        return Files.isRegularFile(dir.resolve("credentials.formatted"));
    }

    void markCredentialsFormatted() {
        try {
            Files.writeString(dir.resolve("credentials.formatted"), String.join("\n", KafkaCredentials.principals()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("credentials.formatted"), e);
        }
    }

    /**
     * The cluster id, created once and kept next to the storage so that every start, and every node of a cluster,
     * agrees with it.
     */
    String clusterId() {
        Path file = root.resolve("cluster.id");
        try {
            synchronized (KafkaNode.class) {
                if (Files.isRegularFile(file)) {
                    return Files.readString(file).strip();
                }
                String id = newClusterId();
                Files.createDirectories(root);
                Files.writeString(file, id + "\n", StandardCharsets.US_ASCII);
                return id;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep Kafka's cluster id in " + file, e);
        }
    }

    /** Kafka's own format: 16 random bytes, URL-safe Base64 without padding, never starting with '-'. */
    static String newClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            byte[] bytes = ByteBuffer.allocate(16)
                    .putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits())
                    .array();
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            // a leading '-' would read as an option on the command line
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
