package io.yunwei.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The local stack's MongoDB: mongo-java-server speaking the wire protocol, its data in one H2 MVStore file so it
 * survives restarts. Arguments: {@code <port> <data file>}; it listens on the loopback interface only.
 */
public final class StoreServer {

    private StoreServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: StoreServer <port> <data file>");
        }
        int port = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(file.getParent());
        var server = new MongoServer(new H2Backend(file.toString()));
        // shutting down closes the backend, which writes what the periodic auto-commit has not written yet
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "store-shutdown"));
        // bound last, so that a connection accepted means the data file is open
        server.bind("127.0.0.1", port);
        System.out.println("store listening on 127.0.0.1:" + port + ", data in " + file);
    }
}
