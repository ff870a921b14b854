package io.yunwei.chassis.testkit;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * One Kafka broker and one MongoDB wire server per test JVM, started on first use and stopped when the JVM
 * exits. Where Docker runs they are containers ({@code apache/kafka}, a {@code mongo:7} replica set);
 * elsewhere the embedded KRaft broker and mongo-java-server. Both are real servers spoken to over the network.
 */
public final class TestInfrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String MONGO_IMAGE = "mongo:7.0.14";

    private static TestInfrastructure instance;

    private final boolean docker;
    private final String kafkaBootstrapServers;
    private final String mongoUri;
    private final Map<String, TopicProbe> probes = new ConcurrentHashMap<>();
    private TestEvents events;

    private TestInfrastructure() {
        docker = DockerClientFactory.instance().isDockerAvailable();
        if (docker) {
            KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
            MongoDBContainer mongo = new MongoDBContainer(MONGO_IMAGE).withReplicaSet();
            kafka.start();
            mongo.start();
            kafkaBootstrapServers = kafka.getBootstrapServers();
            mongoUri = mongo.getConnectionString();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.stop();
                mongo.stop();
            }));
        } else {
            EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
            kafka.brokerProperties(Map.of("auto.create.topics.enable", "true", "log.dir",
                    System.getProperty("java.io.tmpdir") + "/yunwei-kafka-" + ProcessHandle.current().pid()));
            kafka.afterPropertiesSet();
            MongoServer mongo = new MongoServer(new MemoryBackend());
            InetSocketAddress address = mongo.bind();
            kafkaBootstrapServers = kafka.getBrokersAsString();
            mongoUri = "mongodb://127.0.0.1:" + address.getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.destroy();
                mongo.shutdownNow();
            }));
        }
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            instance = new TestInfrastructure();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::closeClients));
        }
        return instance;
    }

    /** One producer of events for every test class of the JVM, closed when the JVM exits. */
    public synchronized TestEvents events() {
        if (events == null) {
            events = new TestEvents(kafkaBootstrapServers);
        }
        return events;
    }

    /** One probe per topic for every test class of the JVM; tests tell their records apart by subject. */
    public TopicProbe probe(String topic) {
        return probes.computeIfAbsent(topic, t -> new TopicProbe(kafkaBootstrapServers, t));
    }

    private synchronized void closeClients() {
        if (events != null) {
            events.close();
        }
        probes.values().forEach(TopicProbe::close);
    }

    public boolean docker() {
        return docker;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** Connection string without a database: each service names its own. */
    public String mongoUri() {
        return mongoUri;
    }
}
