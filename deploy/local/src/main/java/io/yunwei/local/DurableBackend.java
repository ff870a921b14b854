package io.yunwei.local;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStore.TxCounter;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

/**
 * The store's backend, answering a command that may change data only once the change is committed to the file
 * ({@link GroupCommit}). Every command reaches the backend here: OP_MSG through {@link #handleMessage} (whole bulk
 * writes included), legacy OP_QUERY commands through {@link #handleCommand}.
 * <p>
 * Each command holds on to the store's version while it runs ({@link MVStore#registerVersionUsage}): a read walks the
 * maps as they were when it began, and no chunk holding a page of them is freed meanwhile, however many commits,
 * and rewrites by {@link Housekeeping}, make that chunk dead in the meantime.
 */
final class DurableBackend implements MongoBackend {

    /**
     * Commands that change nothing and so need not wait for a commit; any other command waits, those this list
     * forgets included.
     */
    private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "listcollections",
            "listindexes", "listdatabases", "collstats", "dbstats", "validate", "explain", "ismaster", "hello",
            "buildinfo", "ping", "serverstatus", "whatsmyuri", "getlasterror", "reseterror", "getlog", "hostinfo",
            "connectionstatus", "replsetgetstatus", "getparameter", "getcmdlineopts", "killcursors", "endsessions");

    private final MongoBackend backend;
    private final MVStore store;
    private final GroupCommit commits;

    DurableBackend(MongoBackend backend, MVStore store, GroupCommit commits) {
        this.backend = backend;
        this.store = store;
        this.commits = commits;
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if (changesNothing(command, query)) {
            return holdingVersion(() -> backend.handleCommand(channel, database, command, query));
        }
        return commits.apply(() -> holdingVersion(() -> backend.handleCommand(channel, database, command, query)));
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document query = message.getDocument();
        if (changesNothing(query.keySet().iterator().next(), query)) {
            return holdingVersion(() -> backend.handleMessage(message));
        }
        return commits.apply(() -> holdingVersion(() -> backend.handleMessage(message)));
    }

    private <T> T holdingVersion(Supplier<T> command) {
        TxCounter version = store.registerVersionUsage();
        try {
            return command.get();
        } finally {
            store.deregisterVersionUsage(version);
        }
    }

    static boolean changesNothing(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return !(query.get("pipeline") instanceof List<?> stages) || stages.stream()
                    .noneMatch(stage -> stage instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
        }
        return READS.contains(name);
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return holdingVersion(() -> backend.handleQuery(query));
    }

    @Override
    public void dropDatabase(String database) {
        commits.apply(() -> {
            backend.dropDatabase(database);
            return null;
        });
    }

    @Override
    public void close() {
        commits.exclusively(backend::close);
    }

    @Override
    public void handleClose(Channel channel) {
        backend.handleClose(channel);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return backend.getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return backend.getServerStatus();
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        backend.closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return backend.getClock();
    }

    @Override
    public void enableOplog() {
        backend.enableOplog();
    }

    @Override
    public void disableOplog() {
        backend.disableOplog();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return backend.resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        backend.version(version);
        return this;
    }
}
