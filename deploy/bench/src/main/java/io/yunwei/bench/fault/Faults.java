package io.yunwei.bench.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.yunwei.bench.EventLog;
import io.yunwei.bench.Report;
import io.yunwei.local.LocalStack;
import io.yunwei.local.Node;
import io.yunwei.local.OwnSession;
import io.yunwei.local.Part;
import io.yunwei.local.TcpProxy;

/** The faults the suite injects into a local stack it started. */
final class Faults {

    record Poison(String topic, String key, String id, String type) {
    }

    private final LocalStack stack;
    private final Duration down;
    private final Random random = new Random(42);

    Faults(LocalStack stack, Duration down) {
        this.stack = stack;
        this.down = down;
    }

    /**
     * {@code kill -9} of the processes of these nodes at once, then a start after {@code down}. LocalStack has no
     * kill, so this kills the pids it reports; {@link LocalStack#start(Node)} relaunches a node whose process is no
     * longer alive.
     */
    void kill(Node... nodes) {
        List<ProcessHandle> processes = new ArrayList<>();
        for (Node node : nodes) {
            Long pid = stack.pids().get(node);
            if (pid == null) {
                throw new IllegalStateException(node + " is not running");
            }
            Report.log("  kill -9 %s (pid %d)", node, pid);
            processes.add(ProcessHandle.of(pid).orElseThrow());
        }
        processes.forEach(ProcessHandle::destroyForcibly);
        processes.forEach(process -> process.onExit().join());
        pause(down);
        long started = System.nanoTime();
        for (Node node : nodes) {
            stack.start(node);
        }
        Report.log("  %s restarted in %.0f s", List.of(nodes), (System.nanoTime() - started) / 1e9);
    }

    void kill(Part part) {
        kill(Node.of(part));
    }

    void brokerOutage() {
        Report.log("  broker stop");
        stack.stopKafka();
        pause(down);
        stack.startKafka();
        Report.log("  broker started again");
    }

    /** Every chunk through the route (to the store or the broker) waits {@code delay} each way, for {@code duration}. */
    void degrade(TcpProxy route, Duration delay, Duration duration) {
        Report.log("  network to port %d: %d ms each way for %d s", route.target(), delay.toMillis(),
                duration.toSeconds());
        route.delay(delay);
        pause(duration);
        route.heal();
        Report.log("  network healed");
    }

    /** Nothing through the route gets through for {@code duration}; connections stay open. */
    void partition(TcpProxy route, Duration duration) {
        Report.log("  network to port %d partitioned for %d s", route.target(), duration.toSeconds());
        route.partition();
        pause(duration);
        route.heal();
        Report.log("  network healed");
    }

    void storeRestart() {
        Report.log("  store stop");
        stack.stop(Part.STORE);
        pause(down);
        stack.start(Part.STORE);
        Report.log("  store started again");
    }

    /**
     * A second instance of a service joins its consumer group (and competes for outbox leases), stays for
     * {@code hold}, and leaves gracefully: two rebalances. It is the running instance's command line with a free port.
     */
    void rebalance(Part part, Duration hold) {
        long pid = stack.pid(part).orElseThrow(() -> new IllegalStateException(part + " is not running"));
        List<String> command = new ArrayList<>();
        ProcessHandle.Info info = ProcessHandle.of(pid).orElseThrow().info();
        command.add(info.command().orElseThrow());
        int port = freePort();
        for (String arg : info.arguments().orElseThrow()) {
            command.add(arg.startsWith("--server.port=") ? "--server.port=" + port : arg);
        }
        Path log = stack.config().dataDir().resolve("logs").resolve(part.id() + "-second.log");
        Process second;
        try {
            second = new ProcessBuilder(OwnSession.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            second.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Report.log("  second %s (pid %d, port %d) starting", part, second.pid(), port);
        long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        while (!healthy(port) && second.isAlive() && System.nanoTime() < deadline) {
            pause(Duration.ofSeconds(1));
        }
        Report.log("  second %s %s; holding %d s", part, healthy(port) ? "up" : "NOT up", hold.toSeconds());
        pause(hold);
        second.destroy();
        try {
            if (!second.waitFor(60, TimeUnit.SECONDS)) {
                second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            second.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Report.log("  second %s left", part);
    }

    /** Re-produces {@code count} records already on the topics, headers and all: deliveries the consumers saw before. */
    int duplicate(List<EventLog.Event> recent, int count) {
        if (recent.isEmpty()) {
            return 0;
        }
        int sent = 0;
        try (var producer = producer()) {
            for (int i = 0; i < count; i++) {
                EventLog.Event e = recent.get(random.nextInt(recent.size()));
                var record = new ProducerRecord<>(e.topic(), e.key(), e.value());
                header(record, "ce_id", e.id());
                header(record, "ce_type", e.type());
                header(record, "ce_subject", e.key());
                header(record, "ce_sequence", Long.toString(e.sequence()));
                header(record, "ce_time", e.time().toString());
                header(record, "ce_source", "bench-duplicate");
                header(record, "ce_specversion", "1.0");
                header(record, "content-type", "application/json");
                producer.send(record);
                sent++;
            }
            producer.flush();
        }
        Report.log("  re-produced %d records", sent);
        return sent;
    }

    /** A record no consumer can apply: a type they handle, with a body that is not JSON. */
    Poison poison(String topic, String type) {
        String key = "poison-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        try (var producer = producer()) {
            var record = new ProducerRecord<>(topic, key, "{\"ticketId\": \"" + key + "\", \"this is not json");
            header(record, "ce_id", id);
            header(record, "ce_type", type);
            header(record, "ce_subject", key);
            header(record, "ce_sequence", "1");
            header(record, "ce_time", Instant.now().toString());
            header(record, "ce_source", "bench-poison");
            header(record, "ce_specversion", "1.0");
            header(record, "content-type", "application/json");
            producer.send(record);
            producer.flush();
        }
        Report.log("  poison record %s on %s (%s)", key, topic, type);
        return new Poison(topic, key, id, type);
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.putAll(stack.kafkaAdminProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        if (value != null) {
            record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static boolean healthy(int port) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }
}
