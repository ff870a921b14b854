package io.yunwei.local;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
