package io.yunwei.bench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.yunwei.bench.Options;
import io.yunwei.bench.Report;
import io.yunwei.bench.Stats;
import io.yunwei.local.LocalStack;
import io.yunwei.local.Part;
import io.yunwei.local.Ports;
import io.yunwei.local.StackConfig;

/**
 * Writers that each insert a ticket and then bump the version of one of theirs with a conditional update, as the
 * outbox does, one document per write, for {@code --seconds} (default 20) after {@code --warmup} (3). Reports
 * acknowledged writes per second and their latency. Options: {@code --threads=8}; {@code --mongo=URI} measures a
 * running store, otherwise it starts one of its own on a fresh file, with {@code --fsync} forcing every commit to
 * the disk.
 */
public final class StoreWrites {

    private StoreWrites() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options = Options.parse(args);
        int threads = options.integer("threads", 8);
        Duration warmup = options.seconds("warmup", 3);
        Duration measured = options.seconds("seconds", 20);
        LocalStack stack = null;
        String uri = options.string("mongo", null);
        if (uri == null) {
            stack = ownStore(options.has("fsync"));
            uri = stack.mongoUri();
        }
        try (MongoClient mongo = MongoClients.create(uri)) {
            MongoCollection<Document> tickets = mongo.getDatabase("store-writes").getCollection("tickets");
            tickets.drop();
            // as the outbox has it: the conditional update is a key lookup
            tickets.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true));
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long end = measureFrom + measured.toNanos();
            List<Writer> writers = new ArrayList<>();
            List<Thread> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Writer writer = new Writer(tickets, i, measureFrom, end);
                writers.add(writer);
                running.add(Thread.ofPlatform().name("writer-" + i).start(writer::run));
            }
            for (Thread thread : running) {
                thread.join();
            }
            double[] latencies = writers.stream().flatMapToDouble(w -> w.millis.stream().mapToDouble(d -> d)).toArray();
            Stats stats = Stats.of(latencies);
            Report.line("%d writers, %d s measured, store %s", threads, measured.toSeconds(),
                    stack == null ? uri : options.has("fsync") ? "started here, --fsync" : "started here");
            Report.line("writes/s %.0f", latencies.length / (double) measured.toSeconds());
            Report.line("%s", Stats.header());
            Report.line("%s", stats.line());
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    private static LocalStack ownStore(boolean fsync) {
        try {
            Path data = Files.createTempDirectory("store-writes");
            StackConfig config = StackConfig.of(StackConfig.locateRepoRoot()).withDataDir(data).withPorts(Ports.free());
            if (fsync) {
                config = config.withArguments(Part.STORE, "--fsync");
            }
            var stack = new LocalStack(config);
            stack.start(Part.STORE);
            return stack;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Writer {

        private final MongoCollection<Document> tickets;
        private final int id;
        private final long measureFrom;
        private final long end;
        private final List<Double> millis = new ArrayList<>();
        private final List<String> mine = new ArrayList<>();
        private final List<Integer> versions = new ArrayList<>();

        Writer(MongoCollection<Document> tickets, int id, long measureFrom, long end) {
            this.tickets = tickets;
            this.id = id;
            this.measureFrom = measureFrom;
            this.end = end;
        }

        void run() {
            var random = ThreadLocalRandom.current();
            for (int i = 0; System.nanoTime() < end; i++) {
                String ticket = "T-" + id + "-" + i;
                timed(() -> tickets.insertOne(new Document("_id", ticket).append("number", "N-" + ticket)
                        .append("version", 0).append("status", "RECORDED").append("symptom", "打印机卡纸")));
                mine.add(ticket);
                versions.add(0);
                int pick = random.nextInt(mine.size());
                int version = versions.get(pick);
                timed(() -> tickets.updateOne(new Document("_id", mine.get(pick)).append("version", version),
                        Updates.combine(Updates.inc("version", 1), Updates.set("status", "S" + (version + 1)))));
                versions.set(pick, version + 1);
            }
        }

        private void timed(Runnable write) {
            long started = System.nanoTime();
            write.run();
            long done = System.nanoTime();
            if (started >= measureFrom && done <= end) {
                millis.add((done - started) / 1e6);
            }
        }
    }
}
