package io.yunwei.local;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.yunwei.chassis.events.EventHeaders;
import io.yunwei.chassis.testkit.TopicProbe;

/**
 * The brokers of the running system authenticate every client and authorize every request by the access list
 * ({@code deploy/ops/k8s/kafka-access.txt}): each service writes only its own topic, so no process can forge another
 * service's event, and one without a login publishes nothing. Every other end-to-end test runs on the same brokers,
 * each service under its own principal.
 */
class KafkaAccessIT {

    private static final Pattern REFUSED = Pattern.compile(
            "^yunwei_outbox_publish_refused_total\\{[^}]*reason=\"authorization\"[^}]*topic=\"field\\.events\"[^}]*} (\\S+)",
            Pattern.MULTILINE);

    private static LocalStack stack;
    private static Api api;

    @BeforeAll
    static void connect() {
        stack = RunningSystem.stack();
        api = RunningSystem.api();
    }

    @Test
    void aServiceCannotWriteAnotherServicesTopicSoNoEventCanBeForged() throws Exception {
        String forged = "forged-" + System.nanoTime();
        try (var field = producer(stack.kafkaClientProperties("field-service"))) {
            var record = new ProducerRecord<>("intake.events", forged, "{\"id\":\"" + forged + "\"}");
            record.headers().add(EventHeaders.TYPE, "ticket.closed.v1".getBytes());

            assertThatThrownBy(() -> field.send(record).get(30, SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (var probe = new TopicProbe(stack.kafkaAdminProperties(), "intake.events")) {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(
                    () -> probe.records().stream().noneMatch(r -> forged.equals(r.key())));
        }
    }

    @Test
    void withoutALoginOrWithAWrongPasswordNothingIsPublished() {
        Map<String, Object> anonymous = new HashMap<>(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()));
        try (var nobody = producer(anonymous)) {
            // the listener speaks SASL only: a client without a login never gets the topic's metadata
            assertThatThrownBy(() -> nobody.send(new ProducerRecord<>("intake.events", "anonymous", "{}"))
                    .get(30, SECONDS)).isNotNull();
        }
        Map<String, Object> impostor = new HashMap<>(stack.kafkaClientProperties("intake-service"));
        impostor.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"intake-service\" password=\"guessed\";");
        try (var guessed = producer(impostor)) {
            assertThatThrownBy(() -> guessed.send(new ProducerRecord<>("intake.events", "impostor", "{}"))
                    .get(30, SECONDS)).satisfiesAnyOf(
                            e -> assertThat(e).isInstanceOf(SaslAuthenticationException.class),
                            e -> assertThat(e).hasCauseInstanceOf(SaslAuthenticationException.class));
        }
        try (var probe = new TopicProbe(stack.kafkaAdminProperties(), "intake.events")) {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> probe.records().stream()
                    .noneMatch(r -> "anonymous".equals(r.key()) || "impostor".equals(r.key())));
        }
    }

    @Test
    void aServiceReadsOnlyWhatItConsumesAndOnlyInItsOwnConsumerGroups() {
        Map<String, Object> field = new HashMap<>(stack.kafkaClientProperties("field-service"));
        try (var reader = consumer(field)) {
            // field consumes dispatch's events only; no group is joined, so the running service is not disturbed
            reader.assign(List.of(new TopicPartition("intake.events", 0)));
            reader.seekToBeginning(reader.assignment());
            assertThatThrownBy(() -> reader.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
        field.put(ConsumerConfig.GROUP_ID_CONFIG, "intake-service");
        try (var intruder = consumer(field)) {
            intruder.subscribe(List.of("dispatch.events"));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 10; i++) {
                    intruder.poll(Duration.ofSeconds(1));
                }
            }).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aServiceRefusedByTheBrokersKeepsItsEventsCountsTheRefusalAndPublishesOnceAccessIsBack() throws Exception {
        String ticket = Journeys.report(api);
        String engineer = Journeys.awaitStatus(api, ticket, "ASSIGNED").read("$.engineerId");
        String client = Journeys.clientOf(engineer);
        String visit = Journeys.plannedVisit(api, ticket, engineer);
        var write = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "field.events", PatternType.LITERAL),
                new AccessControlEntry("User:field-service", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        double refusedBefore = refusals();

        try (Admin admin = Admin.create(stack.kafkaAdminProperties());
                var probe = new TopicProbe(stack.kafkaAdminProperties(), "field.events")) {
            admin.deleteAcls(List.of(write.toFilter())).all().get(30, SECONDS);
            try {
                Api.Response checkedIn = api.post(client, "/api/v1/visits/" + visit + "/check-in", "");
                assertThat(checkedIn.status()).as(checkedIn.body()).isEqualTo(200);

                await().atMost(Duration.ofSeconds(60)).until(() -> refusals() > refusedBefore);
                assertThat(checkIns(probe, ticket)).as("nothing published while refused").isZero();
            } finally {
                admin.createAcls(List.of(write)).all().get(30, SECONDS);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> checkIns(probe, ticket) == 1);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> checkIns(probe, ticket) == 1);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                api.get("agent", "/api/v1/tickets/" + ticket + "/timeline").<List<String>>read("$[*].type"))
                .contains("visit.checked-in.v1"));
    }

    private static long checkIns(TopicProbe probe, String ticket) {
        return probe.records().stream().filter(r -> ticket.equals(r.key()))
                .filter(r -> "visit.checked-in.v1".equals(TopicProbe.header(r, EventHeaders.TYPE))).count();
    }

    /** Field's count of events the brokers refused it for lack of permission, from its metrics page. */
    private static double refusals() throws Exception {
        int port = stack.config().ports().port(Part.FIELD);
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher sample = REFUSED.matcher(page.body());
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> client) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        return new KafkaProducer<>(properties);
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> client) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.putAll(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        return new KafkaConsumer<>(properties);
    }
}
