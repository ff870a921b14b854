package io.yunwei.local;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import io.yunwei.chassis.testkit.TopicProbe;

/** The broker and the store keep what they were given when the stack stops and a new one starts on the same data. */
class InfrastructureRestartIT {

    private static final String TOPIC = "local.restart-check";
    private static final String TICKET = "T-2024-0001";

    @TempDir
    static Path dataDir;

    private static LocalStack stack;

    @BeforeAll
    static void writeStopAndStartAgain() throws Exception {
        StackConfig config = StackConfig.of(StackConfig.locateRepoRoot()).withDataDir(dataDir).withPorts(Ports.free());
        try (var first = new LocalStack(config)) {
            first.startInfrastructure();
            try (var mongo = MongoClients.create(first.mongoUri())) {
                tickets(mongo).insertOne(new Document("_id", TICKET).append("symptom", "打印机卡纸"));
            }
            try (var producer = producer(first)) {
                producer.send(new ProducerRecord<>(TOPIC, TICKET, "{\"symptom\":\"打印机卡纸\"}")).get(30, SECONDS);
            }
        }
        stack = new LocalStack(config);
        stack.startInfrastructure();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void storeKeepsDocumentsAcrossRestart() {
        try (var mongo = MongoClients.create(stack.mongoUri())) {
            assertThat(tickets(mongo).find(new Document("_id", TICKET)).first()).containsEntry("symptom", "打印机卡纸");
        }
    }

    @Test
    void brokerKeepsRecordsAcrossRestart() {
        try (var probe = new TopicProbe(stack.kafkaBootstrapServers(), TOPIC)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(probe.records())
                    .extracting(ConsumerRecord::key).containsExactly(TICKET));
        }
    }

    @Test
    void eachJvmLogsItsCollectorToAFileOfItsOwnSoARestartKeepsWhatTheOneBeforeItLogged() throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(stack.config().gcLogs())) {
            logs = files.sorted().toList();
        }
        for (String process : List.of("store", "kafka")) {
            List<Path> mine = logs.stream().filter(log -> log.getFileName().toString().matches(
                    Pattern.quote(process) + "\\.\\d+\\.log")).toList();
            assertThat(mine).as("%s's GC logs, one per JVM it ran as", process).hasSize(2);
            for (Path log : mine) {
                // the collector's name, the first thing a JVM logs
                assertThat(Files.readString(log)).as(log.toString()).contains("] Using ");
            }
        }
        // a pause as the benchmarks read it: the time of day, then its length at the end
        List<String> lines = new ArrayList<>();
        for (Path log : logs) {
            lines.addAll(Files.readAllLines(log));
        }
        assertThat(lines).anyMatch(line -> line.matches(
                "^\\[\\d{4}-\\d\\d-\\d\\dT[\\d:.]+[+-]\\d{4}\\]\\[[\\d.]+s\\] GC\\(\\d+\\) Pause .* [\\d.]+ms$"));
    }

    private static MongoCollection<Document> tickets(MongoClient mongo) {
        return mongo.getDatabase("restart-check").getCollection("tickets");
    }

    private static KafkaProducer<String, String> producer(LocalStack stack) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }
}
