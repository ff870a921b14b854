package io.yunwei.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The local stack's MongoDB: mongo-java-server speaking the wire protocol, its data in one H2 MVStore file so it
 * survives restarts. Arguments: {@code <port> <data file>}; it listens on the loopback interface only.
 */
public final class StoreServer {

    /** MB of decoded pages kept in memory; the store JVM's heap is sized for it ({@code Commands}). */
    static final int CACHE_MB = 256;

    private StoreServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: StoreServer <port> <data file>");
        }
        int port = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(file.getParent());
        var server = new MongoServer(new H2Backend(open(file)));
        // shutting down closes the backend, which writes what the periodic auto-commit has not written yet
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "store-shutdown"));
        // bound last, so that a connection accepted means the data file is open
        server.bind("127.0.0.1", port);
        System.out.println("store listening on 127.0.0.1:" + port + ", data in " + file);
    }

    /**
     * Opens the data file as the store keeps it.
     * <ul>
     * <li>A page cache of 256 MB by H2's count (decoded documents, which take several times that in heap; the heap
     * grows into it only as data comes): every query but an {@code _id} or unique-key lookup scans its collection,
     * and a page not in the cache is read from the file and decoded by Java deserialization. Opening a file with
     * 100,000 tickets (which rebuilds the unique indexes) took 155 s with H2's default 16 MB and 31 s with this
     * cache, then about 1.8 GB of heap.</li>
     * <li>No background compaction: H2 2.4 can fail an open cursor with "Chunk N not found" when it rewrites chunks
     * while a scan runs (h2database#4383); the 100,000-ticket listing benchmark hit it twice with the defaults. Chunks
     * whose pages are all dead are still freed and their space reused; only partly dead ones stay until the file is
     * compacted offline.</li>
     * </ul>
     */
    static MVStore open(Path file) {
        return new MVStore.Builder().fileName(file.toString()).cacheSize(CACHE_MB).autoCompactFillRate(0).open();
    }
}
