package io.yunwei.local;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import io.yunwei.chassis.health.StoreOutage;
import io.yunwei.chassis.health.StoreTimeouts;

/**
 * A service's store calls through a bad network ({@link TcpProxy}): with the chassis's timeouts a call through a
 * partition fails in bounded time, as an outage the services retry, and calls succeed again once it heals; a delay
 * slows every call by it.
 */
class StorePartitionIT {

    private static final StoreTimeouts SHORT = new StoreTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(2));

    @Test
    void aCallThroughAPartitionFailsWithinItsTimeoutAndCallsSucceedOnceItHeals(@TempDir Path dir) {
        MVStore file = StoreServer.open(dir.resolve("store.mv"));
        try (var store = DurableStoreIT.Running.on(file, false);
                var proxy = new TcpProxy(0, store.server().getLocalAddress().getPort());
                MongoClient client = client(proxy)) {
            MongoCollection<Document> documents = client.getDatabase("partition").getCollection("documents");
            documents.insertOne(new Document("_id", "before"));

            proxy.partition();
            long started = System.nanoTime();

            assertThatThrownBy(() -> documents.find(eq("_id", "before")).first())
                    .satisfies(failure -> assertThat(StoreOutage.causedBy(failure)).as(failure.toString()).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            proxy.heal();
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                    .until(() -> documents.find(eq("_id", "before")).first() != null);
            documents.insertOne(new Document("_id", "after"));
            assertThat(documents.countDocuments()).isEqualTo(2);
        } finally {
            file.close();
        }
    }

    @Test
    void aDelayedNetworkSlowsEveryCallByItsDelayEachWay(@TempDir Path dir) {
        MVStore file = StoreServer.open(dir.resolve("store.mv"));
        try (var store = DurableStoreIT.Running.on(file, false);
                var proxy = new TcpProxy(0, store.server().getLocalAddress().getPort());
                MongoClient client = client(proxy)) {
            MongoCollection<Document> documents = client.getDatabase("delay").getCollection("documents");
            documents.insertOne(new Document("_id", "one"));

            proxy.delay(Duration.ofMillis(150));
            long started = System.nanoTime();
            documents.find(eq("_id", "one")).first();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        } finally {
            file.close();
        }
    }

    private static MongoClient client(TcpProxy proxy) {
        return MongoClients.create(SHORT.applyTo(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + proxy.port()))).build());
    }
}
