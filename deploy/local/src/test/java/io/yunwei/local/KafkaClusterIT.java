package io.yunwei.local;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.yunwei.chassis.testkit.TopicProbe;

/**
 * The cluster layout's three Kafka nodes, authenticating every client and each other as production does: a topic is
 * replicated to all three, and with one node killed (kill -9) every write with {@code acks=all} is still taken and
 * nothing written before, during or after is lost. The production topic job's script, run against them, creates the
 * topics, the services' users and exactly the ACLs of the access list.
 */
class KafkaClusterIT {

    private static final String TOPIC = "local.cluster-check";

    @TempDir
    static Path dataDir;

    private static LocalStack stack;

    @BeforeAll
    static void startThreeNodes() {
        stack = new LocalStack(StackConfig.of(StackConfig.locateRepoRoot()).withDataDir(dataDir)
                .withPorts(Ports.free()).withBrokers(3).withKafkaAuth());
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

        try (var probe = new TopicProbe(stack.kafkaAdminProperties(), TOPIC)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(probe.records())
                    .extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(acknowledged));
        }
    }

    @Test
    void theProductionTopicJobCreatesTheTopicsTheUsersAndExactlyTheGrantsOfTheAccessList(@TempDir Path job)
            throws Exception {
        Path repo = StackConfig.locateRepoRoot();
        Path accessList = repo.resolve("deploy/ops/k8s/kafka-access.txt");
        Set<AclBinding> granted = KafkaAccess.read(accessList).stream().flatMap(grant -> grant.bindings().stream())
                .collect(Collectors.toSet());
        try (Admin admin = admin()) {
            // the stack granted them at its start: take them away, so only the job can put them back
            admin.deleteAcls(granted.stream().map(AclBinding::toFilter).toList()).all().get(60, SECONDS);
        }
        Map<String, String> passwords = new HashMap<>();
        for (Part service : StackConfig.SERVICES) {
            String password = "job-" + service.id() + "-" + System.nanoTime();
            passwords.put(service.id(), password);
            Path login = job.resolve("etc/yunwei/logins").resolve(service.id());
            Files.createDirectories(login);
            Files.writeString(login.resolve("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"),
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + service.id()
                            + "\" password=\"" + password + "\";");
        }
        Files.createDirectories(job.resolve("etc/yunwei/kafka-access"));
        Files.copy(accessList, job.resolve("etc/yunwei/kafka-access/kafka-access.txt"));

        int exit = runTopicJob(repo, job);

        assertThat(exit).as("the job's exit status; its output is in " + job.resolve("job.log")).isZero();
        try (Admin admin = admin()) {
            List<AclBinding> present = admin.describeAcls(AclBindingFilter.ANY).values().get(60, SECONDS).stream()
                    .filter(binding -> binding.entry().principal().matches("User:[a-z]+-service")).toList();
            assertThat(present).containsExactlyInAnyOrderElementsOf(granted);
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("intake.events", "dispatch.events",
                    "field.events", "followup.events")).allTopicNames().get(60, SECONDS);
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3)
                    .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3)));
        }
        // each service now logs in with the password of its secret, and may write its own topic
        Map<String, Object> field = new HashMap<>(stack.kafkaAdminProperties());
        field.put("sasl.jaas.config", Files.readString(job.resolve(
                "etc/yunwei/logins/field-service/SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")));
        try (var producer = producer(field)) {
            assertThat(producer.send(new ProducerRecord<>("field.events", "job-check", "{}")).get(60, SECONDS)
                    .topic()).isEqualTo("field.events");
        }
    }

    /**
     * The container script of {@code deploy/ops/k8s/kafka-topics-job.yaml}, as written, under bash on this machine:
     * Kafka's tools from the broker's classpath instead of the image's {@code /opt/kafka/bin}, the mounted files
     * under {@code dir}, and SASL without TLS, as the local brokers have no certificate.
     */
    private static int runTopicJob(Path repo, Path dir) throws Exception {
        Map<String, Object> manifest = MetricReferences.read(repo.resolve("deploy/ops/k8s/kafka-topics-job.yaml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> container = ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) manifest.get("spec")).get("template")).get("spec")).get("containers")).getFirst();
        @SuppressWarnings("unchecked")
        String script = ((List<String>) container.get("command")).get(2);
        Path lib = repo.resolve("deploy/kafka-broker/target/lib");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (var tool : Map.of("kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
                "kafka-acls.sh", "org.apache.kafka.tools.AclCommand",
                "kafka-configs.sh", "kafka.admin.ConfigCommand").entrySet()) {
            Path wrapper = bin.resolve(tool.getKey());
            Files.writeString(wrapper, "#!/bin/sh\nexec '" + ProcessHandle.current().info().command().orElse("java")
                    + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="
                    + dir.resolve("tools.jsa") + " -Xlog:cds=off -Dlog4j2.level=WARN -cp '" + lib + "/*' "
                    + tool.getValue() + " \"$@\"\n");
            wrapper.toFile().setExecutable(true);
        }
        String local = script.replace("bin=/opt/kafka/bin", "bin=" + bin)
                .replace("/etc/yunwei/", dir.resolve("etc/yunwei") + "/")
                .replace("admin=/tmp/admin.properties", "admin=" + dir.resolve("admin.properties"))
                .replace("security.protocol=SASL_SSL", "security.protocol=SASL_PLAINTEXT");
        assertThat(local.replace(dir.resolve("etc/yunwei") + "/", "")).as("the script as adapted")
                .doesNotContain("/opt/kafka", "/etc/yunwei/", "admin=/tmp/admin", "SASL_SSL");
        var process = new ProcessBuilder("bash", "-c", local).redirectErrorStream(true)
                .redirectOutput(dir.resolve("job.log").toFile());
        process.environment().put("SPRING_KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        process.environment().put("KAFKA_ADMIN_USER", KafkaCredentials.ADMIN);
        process.environment().put("KAFKA_ADMIN_PASSWORD",
                KafkaCredentials.of(stack.config().dataDir()).password(KafkaCredentials.ADMIN));
        Process running = process.start();
        if (!running.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
            running.destroyForcibly();
            throw new AssertionError("the topic job did not finish in 10 minutes; see " + dir.resolve("job.log"));
        }
        return running.exitValue();
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
        return Admin.create(stack.kafkaAdminProperties());
    }

    private static KafkaProducer<String, String> producer() {
        return producer(stack.kafkaAdminProperties());
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> client) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        return new KafkaProducer<>(properties);
    }
}
