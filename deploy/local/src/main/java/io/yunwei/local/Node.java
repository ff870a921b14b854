package io.yunwei.local;

import java.util.Objects;

/**
 * One process of the stack: a {@link Part} and which of its instances, counted from 1. A stack runs one instance of
 * each part unless its layout asks for more ({@link StackConfig#withBrokers(int)}, {@link StackConfig#withInstances(int)}).
 */
public record Node(Part part, int instance) {

    public Node {
        Objects.requireNonNull(part, "part");
        if (instance < 1) {
            throw new IllegalArgumentException("instances count from 1: " + instance);
        }
    }

    /** The first (or only) instance of a part. */
    public static Node of(Part part) {
        return new Node(part, 1);
    }

    /** The part's id for the first instance, {@code <id>-<n>} for the others: its log file and progress name. */
    public String id() {
        return instance == 1 ? part.id() : part.id() + "-" + instance;
    }

    @Override
    public String toString() {
        return id();
    }
}
