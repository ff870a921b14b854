package io.yunwei.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;

/**
 * The local stack's MongoDB: mongo-java-server speaking the wire protocol, its data in one H2 MVStore file so it
 * survives restarts. Arguments: {@code <port> <data file> [--fsync]}; it listens on the loopback interface only.
 * <p>
 * It acknowledges a write only once the write is committed to the file ({@link DurableBackend}), so a crash of the
 * store, {@code kill -9} included, loses nothing it acknowledged. With {@code --fsync} each commit is also forced to
 * the disk, which a power cut needs too; without it (the default) the operating system holds the last commits for
 * up to its writeback delay. Off by default as the local Kafka broker, like any, does not force its log either, so
 * forcing the store alone would not carry the stack through a power cut.
 */
public final class StoreServer {

    /** MB of decoded pages kept in memory; the store JVM's heap is sized for it ({@code Commands}). */
    static final int CACHE_MB = 1024;

    /** The switch that forces every commit to the disk. */
    static final String FSYNC = "--fsync";

    /**
     * Event-loop threads answering clients. A write waits for its commit on its connection's loop thread, so the
     * number of loops bounds how many writers share one commit; Netty's default (2 per core) would make it 4 here.
     */
    static final int CONNECTION_THREADS = 32;

    /** Where the store notes, inside the file, how it wrote the file's indexes (see {@link #backend}). */
    private static final String FORMAT_MAP = "yunwei.store";
    private static final String INDEXES = "indexes";
    /** Whole commands in every commit; unique keys ordered by value ({@link UniqueIndex}). */
    private static final String INDEXES_AS_WRITTEN = "whole-commands,unique-keys-by-value";
    /** The mark of a store that committed whole commands but ordered unique keys by their Java serialization. */
    private static final String WHOLE_COMMANDS = "commits-whole-commands";

    private StoreServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !args[2].equals(FSYNC))) {
            throw new IllegalArgumentException("usage: StoreServer <port> <data file> [" + FSYNC + "]");
        }
        int port = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]).toAbsolutePath();
        boolean fsync = List.of(args).contains(FSYNC);
        Files.createDirectories(file.getParent());
        MVStore store = open(file);
        var commits = new GroupCommit(store, fsync);
        IdLookupBackend backend = backend(store, fsync);
        var housekeeping = new Housekeeping(store, commits, backend).start(Housekeeping.EVERY);
        var server = new MongoServer(new DurableBackend(backend, store, commits));
        // shutting down lets the commands in flight finish, then closes the backend and with it the file
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            housekeeping.close();
            server.shutdown();
        }, "store-shutdown"));
        // bound last, so that a connection accepted means the data file is open
        server.bind(new InetSocketAddress("127.0.0.1", port), 1, CONNECTION_THREADS);
        System.out.println("store listening on 127.0.0.1:" + port + ", data in " + file
                + (fsync ? ", every commit forced to the disk" : ", commits written to the operating system"));
    }

    /**
     * The backend on an opened file, committed before any client comes. The file's indexes are taken as they are on
     * open, unless the file does not say they were written as this store writes them: they are then dropped once, so
     * that opening rebuilds them from the documents, and the file is marked. Two kinds of file are rebuilt so: one
     * last written by a store that committed in the background while commands ran, which may hold a document without
     * its unique-index entry or the reverse, and one whose unique keys are in the order of their Java serialization,
     * where a lookup by value would miss them.
     */
    static IdLookupBackend backend(MVStore store, boolean fsync) {
        MVMap<String, String> format = store.openMap(FORMAT_MAP);
        if (!INDEXES_AS_WRITTEN.equals(format.get(INDEXES))) {
            // removed rather than emptied: an emptied map stays open with the key type it was opened with
            store.getMapNames().stream().filter(name -> name.contains("._index_")).toList().forEach(store::removeMap);
        }
        var backend = new IdLookupBackend(store);
        format.remove(WHOLE_COMMANDS);
        format.put(INDEXES, INDEXES_AS_WRITTEN);
        store.commit();
        if (fsync) {
            store.sync();
        }
        return backend;
    }

    /**
     * Opens the data file as the store keeps it.
     * <ul>
     * <li>A page cache of 1 GB of decoded documents ({@link DocumentType} counts each at ten heap bytes per byte of
     * its BSON, what a ticket takes; the heap grows into it only as data comes): a page not in the cache is read
     * from the file and decoded. Counted at four bytes per byte, and at a guessed size on a store only read since it
     * opened, the cache of a store holding 1,000,000 tickets filled the whole 2.5 GB heap while a ticket index was
     * rebuilt from it, and the store spent its time collecting garbage.</li>
     * <li>No background compaction: H2's runs only beside background commits. {@link Housekeeping} rewrites mostly dead
     * chunks instead, while every read holds on to the version it reads: with H2's compaction and nothing held, the
     * 100,000-ticket listing benchmark failed twice with "Chunk N not found" (h2database#4383).</li>
     * <li>No auto-commit, neither every second nor when unsaved changes pile up: every write command commits itself
     * before it is acknowledged ({@link GroupCommit}), and a commit from elsewhere could capture a command half
     * applied.</li>
     * </ul>
     */
    static MVStore open(Path file) {
        return new MVStore.Builder().fileName(file.toString()).cacheSize(CACHE_MB).autoCompactFillRate(0)
                .autoCommitDisabled().autoCommitBufferSize(0).open();
    }
}
