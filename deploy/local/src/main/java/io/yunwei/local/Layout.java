package io.yunwei.local;

import java.util.List;

/**
 * The layout {@code deploy/local/run} starts, from its options: {@code --brokers=3} for a three-node Kafka cluster,
 * {@code --instances=2} for two instances of every service and of the gateway, {@code --cluster} for both.
 */
record Layout(int brokers, int instances) {

    static final String USAGE = "usage: deploy/local/run [--cluster | --brokers=1|3 --instances=1|2]";

    static Layout parse(String... args) {
        int brokers = 1;
        int instances = 1;
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                continue;
            }
            if (arg.equals("--cluster")) {
                brokers = 3;
                instances = 2;
            } else if (arg.startsWith("--brokers=")) {
                brokers = number(arg, List.of(1, 3));
            } else if (arg.startsWith("--instances=")) {
                instances = number(arg, List.of(1, 2));
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new Layout(brokers, instances);
    }

    StackConfig applyTo(StackConfig config) {
        return config.withBrokers(brokers).withInstances(instances);
    }

    private static int number(String arg, List<Integer> allowed) {
        String value = arg.substring(arg.indexOf('=') + 1);
        try {
            int number = Integer.parseInt(value);
            if (allowed.contains(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(arg + ": one of " + allowed);
    }
}
