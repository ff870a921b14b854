package io.yunwei.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The TCP ports of the local stack; Kafka needs two, its client listener and its controller listener. The named ports
 * are the first instance's; {@code more} holds the ports of the cluster layout's other instances
 * ({@link StackConfig#withBrokers(int)}, {@link StackConfig#withInstances(int)}), in the order of {@link #MORE}: the
 * second and third brokers' two ports each, then the second gateway and services. Empty when only one instance of each
 * part will run.
 */
public record Ports(int kafka, int kafkaController, int store, int auth, int gateway, int intake, int dispatch,
        int field, int followup, int prometheus, List<Integer> more) {

    /** The nodes {@link #more} has ports for, in order; Kafka's take two each. */
    static final List<Node> MORE = List.of(new Node(Part.KAFKA, 2), new Node(Part.KAFKA, 3),
            new Node(Part.GATEWAY, 2), new Node(Part.INTAKE, 2), new Node(Part.DISPATCH, 2), new Node(Part.FIELD, 2),
            new Node(Part.FOLLOWUP, 2));
    private static final int MORE_PORTS = MORE.size() + 2;

    public Ports {
        more = more == null ? List.of() : List.copyOf(more);
        if (!more.isEmpty() && more.size() != MORE_PORTS) {
            throw new IllegalArgumentException("the other instances need " + MORE_PORTS + " ports, not " + more.size());
        }
        List<Integer> all = new ArrayList<>(List.of(kafka, kafkaController, store, auth, gateway, intake, dispatch,
                field, followup, prometheus));
        all.addAll(more);
        if (all.stream().anyMatch(port -> port < 1 || port > 65_535)) {
            throw new IllegalArgumentException("every port must be within 1..65535: " + all);
        }
        if (new HashSet<>(all).size() != all.size()) {
            throw new IllegalArgumentException("every part needs a port of its own: " + all);
        }
    }

    /** The ports of a stack that runs one instance of each part. */
    public Ports(int kafka, int kafkaController, int store, int auth, int gateway, int intake, int dispatch, int field,
            int followup, int prometheus) {
        this(kafka, kafkaController, store, auth, gateway, intake, dispatch, field, followup, prometheus, List.of());
    }

    /**
     * The well-known ports the README and the demo use: gateway 8080, Kafka 9092, the store 27017, Prometheus 9090;
     * in the cluster layout the other brokers on 9094 and 9096 (controllers 9095, 9097), the second gateway on 8090
     * and the second services on 8091 to 8094.
     */
    public static Ports defaults() {
        return new Ports(9092, 9093, 27017, 9000, 8080, 8081, 8082, 8083, 8084, 9090,
                List.of(9094, 9095, 9096, 9097, 8090, 8091, 8092, 8093, 8094));
    }

    /** Ports that are free right now, so tests can run next to a running stack or each other. */
    public static Ports free() {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            // hold every socket open until all are chosen, so the ports are distinct
            for (int i = 0; i < 10 + MORE_PORTS; i++) {
                sockets.add(new ServerSocket(0));
            }
            List<Integer> p = sockets.stream().map(ServerSocket::getLocalPort).toList();
            return new Ports(p.get(0), p.get(1), p.get(2), p.get(3), p.get(4), p.get(5), p.get(6), p.get(7), p.get(8),
                    p.get(9), p.subList(10, p.size()));
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

    /** The ports one instance of a part listens on. */
    List<Integer> of(Node node) {
        if (node.instance() == 1) {
            return of(node.part());
        }
        int index = MORE.indexOf(node);
        if (index < 0) {
            throw new IllegalArgumentException("the local stack runs no " + node);
        }
        if (more.isEmpty()) {
            throw new IllegalStateException("no ports for " + node + ": these ports are for one instance of each part");
        }
        // Kafka's nodes come first and take two ports each
        int kafkaNodesBefore = (int) MORE.subList(0, index).stream().filter(n -> n.part() == Part.KAFKA).count();
        int first = index + kafkaNodesBefore;
        return node.part() == Part.KAFKA ? more.subList(first, first + 2) : List.of(more.get(first));
    }

    /** The port one instance of a part answers on. */
    int port(Node node) {
        return of(node).getFirst();
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
