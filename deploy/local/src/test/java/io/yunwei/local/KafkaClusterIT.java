package io.yunwei.local;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.yunwei.chassis.testkit.TopicProbe;

/**
 * The cluster layout's three Kafka nodes: a topic is replicated to all three, and with one node killed (kill -9)
 * every write with {@code acks=all} is still taken and nothing written before, during or after is lost.
 */
class KafkaClusterIT {

    private static final String TOPIC = "local.cluster-check";

    @TempDir
    static Path dataDir;

    private static LocalStack stack;

    @BeforeAll
    static void startThreeNodes() {
        stack = new LocalStack(StackConfig.of(StackConfig.locateRepoRoot()).withDataDir(dataDir)
                .withPorts(Ports.free()).withBrokers(3));
        stack.startInfrastructure();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTopicIsReplicatedToEveryNodeAndNeedsTwoForAWrite() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("local.replication-check", 3, (short) -1))).all().get(30, SECONDS);
            TopicDescription topic = admin.describeTopics(List.of("local.replication-check")).allTopicNames()
                    .get(30, SECONDS).get("local.replication-check");
            assertThat(topic.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
            var config = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "local.replication-check")))
                    .all().get(30, SECONDS).values().iterator().next();
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
        }
    }

    @Test
    void losingOneNodeLosesNoWriteAndRefusesNone() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        try (var producer = producer()) {
            acknowledged.addAll(send(producer, "before", 200));
            Node victim = new Node(Part.KAFKA, 1);
            ProcessHandle process = ProcessHandle.of(stack.pids().get(victim)).orElseThrow();
            process.destroyForcibly();
            process.onExit().get(30, SECONDS);
            acknowledged.addAll(send(producer, "during", 200));
            stack.start(victim);
            acknowledged.addAll(send(producer, "after", 200));
        }

        try (var probe = new TopicProbe(stack.kafkaBootstrapServers(), TOPIC)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(probe.records())
                    .extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(acknowledged));
        }
    }

    /** Sends {@code count} records and waits for each acknowledgement; a refused write fails the test. */
    private static List<String> send(KafkaProducer<String, String> producer, String phase, int count)
            throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = phase + "-" + i;
            sent.add(producer.send(new ProducerRecord<>(TOPIC, "T-" + (i % 7), value)));
            values.add(value);
        }
        for (Future<RecordMetadata> acknowledgement : sent) {
            acknowledgement.get(60, SECONDS);
        }
        return values;
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()));
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }
}
