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
import java.util.UUID;

/** The files of the single KRaft node (broker and controller in one): configuration, cluster id, storage. */
final class KafkaNode {

    private final Path dir;

    KafkaNode(Path dataDir) {
        this.dir = dataDir.resolve("kafka");
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

    /** Rewritten on every start, since ports may differ between runs; the storage itself is kept. */
    void writeConfiguration(Ports ports) {
        String properties = """
                # written by io.yunwei.local.LocalStack on every start; edits are lost
                node.id=1
                process.roles=broker,controller
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                inter.broker.listener.name=PLAINTEXT
                controller.listener.names=CONTROLLER
                controller.quorum.voters=1@127.0.0.1:%2$d
                log.dirs=%3$s
                auto.create.topics.enable=true
                num.partitions=3
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(ports.kafka(), ports.kafkaController(), storage());
        try {
            Files.createDirectories(dir);
            Files.writeString(serverProperties(), properties);
            try (InputStream config = KafkaNode.class.getResourceAsStream("kafka-log4j2.xml")) {
                Files.copy(config, logConfig(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Kafka's configuration to " + dir, e);
        }
    }

    /** Formatting writes meta.properties; a formatted node must not be formatted again. */
    boolean isFormatted() {
        return Files.isRegularFile(storage().resolve("meta.properties"));
    }

    /** The cluster id, created once and kept next to the storage so that every start agrees with it. */
    String clusterId() {
        Path file = dir.resolve("cluster.id");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).strip();
            }
            String id = newClusterId();
            Files.createDirectories(dir);
            Files.writeString(file, id + "\n", StandardCharsets.US_ASCII);
            return id;
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
