package io.yunwei.intake.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import com.mongodb.client.model.Projections;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.intake.customer.CustomerDirectory;
import io.yunwei.intake.ticket.Ticket;

/** The ticket search of this instance: its index, and the follower that keeps it in step and up to date. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SearchConfiguration.SearchProperties.class)
class SearchConfiguration {

    /**
     * @param indexDir the index's folder, kept across restarts (one per instance); empty for a folder of its own
     *        each start, read from the store when the instance starts and deleted when it stops
     * @param topics the topics whose events change tickets: intake's own first
     * @param commitInterval how often the index is committed with the follower's position; a crash redoes at most
     *        that much following
     * @param lookupsLiveFor how long a customer's name or an asset's serial number is reused before it is read again
     * @param applyWait how long the follower waits for the store to show an event applied before it indexes the
     *        ticket as it is (an event no consumer could apply)
     */
    @ConfigurationProperties("yunwei.search")
    record SearchProperties(String indexDir, List<String> topics, Duration commitInterval, Duration lookupsLiveFor,
            Duration applyWait) {

        SearchProperties {
            topics = topics == null || topics.isEmpty()
                    ? List.of("intake.events", "dispatch.events", "field.events", "followup.events") : topics;
            commitInterval = commitInterval == null ? Duration.ofSeconds(5) : commitInterval;
            lookupsLiveFor = lookupsLiveFor == null ? Duration.ofMinutes(1) : lookupsLiveFor;
            applyWait = applyWait == null ? Duration.ofSeconds(30) : applyWait;
        }
    }

    /** Closed by {@link #ticketIndexClosing}, with the application, never when its follower pauses. */
    @Bean(destroyMethod = "")
    LuceneTicketSearch ticketSearch(SearchProperties properties, CustomerDirectory customers, Clock clock,
            MeterRegistry meters) {
        return new LuceneTicketSearch(folder(properties), customers, clock, properties.lookupsLiveFor(), meters);
    }

    /**
     * Closes the index when the application ends, and deletes a folder made for this start only. The follower's
     * stop does not: a stopped application context may be started again (as a test's cached context is between
     * tests), and its index must still answer.
     */
    @Bean
    DisposableBean ticketIndexClosing(LuceneTicketSearch index, SearchProperties properties) {
        return () -> {
            index.close();
            if (properties.indexDir() == null || properties.indexDir().isBlank()) {
                Following.deleteQuietly(index.folder());
            }
        };
    }

    @Bean
    SmartLifecycle ticketIndexFollowing(LuceneTicketSearch index, SearchProperties properties,
            KafkaProperties kafka, MongoTemplate mongo, Clock clock) {
        return new Following(index, properties, kafka, mongo, clock);
    }

    private static Path folder(SearchProperties properties) {
        try {
            return properties.indexDir() == null || properties.indexDir().isBlank()
                    ? Files.createTempDirectory("yunwei-intake-index")
                    : Path.of(properties.indexDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the ticket index", e);
        }
    }

    /**
     * Starts before the web server takes requests: places the follower, reads the store into a new index, then
     * follows the events on a thread of its own until the instance stops.
     */
    private static final class Following implements SmartLifecycle {

        private static final int REBUILD_BATCH = 500;

        private final LuceneTicketSearch index;
        private final SearchProperties properties;
        private final KafkaProperties kafka;
        private final MongoTemplate mongo;
        private final Clock clock;
        private TicketFollower follower;
        private Thread thread;

        Following(LuceneTicketSearch index, SearchProperties properties, KafkaProperties kafka, MongoTemplate mongo,
                Clock clock) {
            this.index = index;
            this.properties = properties;
            this.kafka = kafka;
            this.mongo = mongo;
            this.clock = clock;
        }

        @Override
        public void start() {
            Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "intake-search");
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            var consumer = new KafkaConsumer<String, String>(config);
            follower = new TicketFollower(consumer, properties.topics().getFirst(), index,
                    ids -> mongo.getCollection(mongo.getCollectionName(Ticket.class))
                            .find(new Document("_id", new Document("$in", List.copyOf(ids))))
                            .projection(Projections.include("version", "sequence", "consumed", "skipped"))
                            .into(new ArrayList<>()),
                    ids -> mongo.find(new Query(Criteria.where("_id").in(ids)), Ticket.class), clock,
                    properties.commitInterval(), properties.applyWait());
            follower.position(partitions(consumer), index.created());
            if (index.created()) {
                // in batches: a store keeps a cursor's next batch, not the whole collection, for the client
                try (Stream<Ticket> tickets = mongo.stream(new Query(Criteria.where("_id").exists(true))
                        .cursorBatchSize(REBUILD_BATCH), Ticket.class)) {
                    index.rebuild(tickets::iterator);
                }
            }
            thread = Thread.ofPlatform().name("ticket-index-follower").daemon().start(follower);
        }

        private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : properties.topics()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            }
            return partitions;
        }

        @Override
        public void stop() {
            if (follower != null) {
                follower.stop();
                try {
                    thread.join(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            follower = null;
        }

        @Override
        public boolean isRunning() {
            return follower != null;
        }

        @Override
        public int getPhase() {
            // before the web server and the listeners: a request or an event may find the index ready
            return 0;
        }

        private static void deleteQuietly(Path folder) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind is harmless
            }
        }
    }
}
