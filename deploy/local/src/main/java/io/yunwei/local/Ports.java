package io.yunwei.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** The TCP ports of the local stack; Kafka needs two, its client listener and its controller listener. */
public record Ports(int kafka, int kafkaController, int store, int auth, int gateway, int intake, int dispatch,
        int field, int followup, int prometheus) {

    public Ports {
        List<Integer> all = List.of(kafka, kafkaController, store, auth, gateway, intake, dispatch, field, followup,
                prometheus);
        if (all.stream().anyMatch(port -> port < 1 || port > 65_535)) {
            throw new IllegalArgumentException("every port must be within 1..65535: " + all);
        }
        if (new HashSet<>(all).size() != all.size()) {
            throw new IllegalArgumentException("every part needs a port of its own: " + all);
        }
    }

    /** The well-known ports the README and the demo use: gateway 8080, Kafka 9092, the store 27017, Prometheus 9090. */
    public static Ports defaults() {
        return new Ports(9092, 9093, 27017, 9000, 8080, 8081, 8082, 8083, 8084, 9090);
    }

    /** Ports that are free right now, so tests can run next to a running stack or each other. */
    public static Ports free() {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            // hold every socket open until all are chosen, so the ten ports are distinct
            for (int i = 0; i < 10; i++) {
                sockets.add(new ServerSocket(0));
            }
            int[] p = sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
            return new Ports(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports", e);
        } finally {
            sockets.forEach(Ports::closeQuietly);
        }
    }

    /** The ports one part listens on. */
    List<Integer> of(Part part) {
        return switch (part) {
            case KAFKA -> List.of(kafka, kafkaController);
            case STORE -> List.of(store);
            case AUTH -> List.of(auth);
            case GATEWAY -> List.of(gateway);
            case INTAKE -> List.of(intake);
            case DISPATCH -> List.of(dispatch);
            case FIELD -> List.of(field);
            case FOLLOWUP -> List.of(followup);
            case PROMETHEUS -> List.of(prometheus);
        };
    }

    /** The port a part answers on: Kafka's client listener, or the HTTP or wire-protocol port. */
    int port(Part part) {
        return of(part).getFirst();
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the port was only reserved for a moment; nothing is lost
        }
    }

    static boolean inUse(int port) {
        // a wildcard bind collides with a listener on any local address, as the parts' own binds would
        try (var socket = new ServerSocket(port)) {
            return !socket.isBound();
        } catch (IOException e) {
            return true;
        }
    }

    static List<Integer> busy(List<Integer> ports) {
        return ports.stream().filter(Ports::inUse).toList();
    }
}
