package io.yunwei.chassis.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.mongodb.MongoClientSettings;

/**
 * Bounds on every store call, so a store that stops answering (a network partition drops its packets, a machine
 * hangs) fails the call instead of holding a request's thread or a consumer for ever: the MongoDB driver's defaults
 * wait 30 s to find a server and without limit for an answer.
 *
 * @param connect to open a connection
 * @param read for each answer on an open connection (longer than any query a service makes)
 * @param serverSelection to find a store to send a call to (while it is down, or a replica set elects a primary)
 */
@ConfigurationProperties("yunwei.store")
public record StoreTimeouts(Duration connect, Duration read, Duration serverSelection) {

    public StoreTimeouts {
        connect = connect == null ? Duration.ofSeconds(5) : connect;
        read = read == null ? Duration.ofSeconds(15) : read;
        serverSelection = serverSelection == null ? Duration.ofSeconds(10) : serverSelection;
    }

    public MongoClientSettings.Builder applyTo(MongoClientSettings.Builder settings) {
        return settings
                .applyToSocketSettings(socket -> socket.connectTimeout((int) connect.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) read.toMillis(), TimeUnit.MILLISECONDS))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(serverSelection.toMillis(),
                        TimeUnit.MILLISECONDS));
    }
}
