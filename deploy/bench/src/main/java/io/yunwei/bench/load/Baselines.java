package io.yunwei.bench.load;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.yunwei.bench.EventLog;
import io.yunwei.bench.Gateway;
import io.yunwei.bench.Gateway.Call;
import io.yunwei.bench.Report;
import io.yunwei.bench.Stats;

/** The raw infrastructure under the same load: the broker, the store and the gateway, each alone. */
final class Baselines {

    record Kafka(Stats endToEnd, Stats produceAck, double floodRecordsPerSecond, int records, int size) {
    }

    record Store(Stats inserts, Stats updates, double opsPerSecond, int documents, int updatesDone) {
    }

    private Baselines() {
    }

    /**
     * Produces {@code count} records of {@code size} bytes at {@code rate} per second with the services' producer
     * settings (acks=all, idempotent) and consumes them; then floods the same number as fast as it can.
     */
    static Kafka kafka(Map<String, Object> client, int count, int size, double rate) {
        String topic = "bench.baseline." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        String payload = "x".repeat(Math.max(1, size));
        List<Double> endToEnd = Collections.synchronizedList(new ArrayList<>());
        List<Double> acks = Collections.synchronizedList(new ArrayList<>());
        try (var producer = new KafkaProducer<String, String>(props);
                var consumer = new KafkaConsumer<String, String>(EventLog.consumerProperties(client))) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            var paced = new CountDownLatch(count);
            var flood = new CountDownLatch(count);
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                while (flood.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
                    for (var r : consumer.poll(Duration.ofMillis(100))) {
                        long sent = ByteBuffer.wrap(r.headers().lastHeader("sent").value()).getLong();
                        if (paced.getCount() > 0) {
                            endToEnd.add((System.nanoTime() - sent) / 1e6);
                            paced.countDown();
                        } else {
                            flood.countDown();
                        }
                    }
                }
            });
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                send(producer, topic, "ticket-" + (i % 500), payload, acks);
            }
            await(paced, "paced records");
            long floodStart = System.nanoTime();
            for (int i = 0; i < count; i++) {
                send(producer, topic, "ticket-" + (i % 500), payload, null);
            }
            producer.flush();
            await(flood, "flooded records");
            double floodRate = count / ((System.nanoTime() - floodStart) / 1e9);
            reader.interrupt();
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Kafka(Stats.of(endToEnd), Stats.of(acks), floodRate, count, size);
        }
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String key, String payload,
            Collection<Double> acks) {
        var record = new ProducerRecord<>(topic, key, payload);
        long sent = System.nanoTime();
        record.headers().add("sent", ByteBuffer.allocate(8).putLong(sent).array());
        producer.send(record, (meta, e) -> {
            if (acks != null && e == null) {
                acks.add((System.nanoTime() - sent) / 1e6);
            }
        });
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(5, TimeUnit.MINUTES)) {
                Report.log("kafka baseline: %d %s not consumed within 5 min", latch.getCount(), what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Copies the services' documents of the measured tickets into a scratch database, one insert each, then updates
     * each as many times as its service wrote events for the ticket: the store's raw cost of the same writes.
     */
    static Store store(String uri, Set<String> tickets, java.util.Map<String, Integer> writesPerTicketAndDb) {
        List<Double> inserts = new ArrayList<>();
        List<Double> updates = new ArrayList<>();
        long started = System.nanoTime();
        int documents = 0;
        try (MongoClient client = MongoClients.create(uri)) {
            var scratch = client.getDatabase("bench_baseline_" + UUID.randomUUID().toString().substring(0, 8));
            for (String db : List.of("intake", "dispatch", "field", "followup")) {
                var source = client.getDatabase(db);
                for (String name : source.listCollectionNames()) {
                    if (name.startsWith("system") || name.equals("dead_letters")) {
                        continue;
                    }
                    MongoCollection<Document> target = scratch.getCollection(db + "_" + name);
                    for (Document doc : source.getCollection(name).find(Filters.in("_id", new ArrayList<>(tickets)))) {
                        String ticket = String.valueOf(doc.get("_id"));
                        doc.put("_id", UUID.randomUUID().toString());
                        long t = System.nanoTime();
                        target.insertOne(doc);
                        inserts.add((System.nanoTime() - t) / 1e6);
                        documents++;
                        int writes = writesPerTicketAndDb.getOrDefault(db + "/" + ticket, 1);
                        for (int i = 0; i < writes; i++) {
                            long u = System.nanoTime();
                            // a conditional write on the version, as the services' DocumentStore does
                            target.updateOne(Filters.and(Filters.eq("_id", doc.get("_id")),
                                    i == 0 ? Filters.exists("benchVersion", false) : Filters.eq("benchVersion", i)),
                                    Updates.combine(Updates.set("benchVersion", i + 1), Updates.set("benchNote", "update " + i)));
                            updates.add((System.nanoTime() - u) / 1e6);
                        }
                    }
                }
            }
            scratch.drop();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Store(Stats.of(inserts), Stats.of(updates), (inserts.size() + updates.size()) / seconds, documents,
                updates.size());
    }

    /** {@code count} GETs of {@code path} through the gateway at {@code rate} per second, each on its own thread. */
    static Stats http(Gateway gateway, String client, String path, int count, double rate) {
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            threads.add(Thread.ofVirtual().start(() -> {
                Gateway.Response r = gateway.send(Call.of("GET", path).as(client));
                if (r.status() == 200) {
                    millis.add(r.millis());
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Stats.of(millis);
    }
}
