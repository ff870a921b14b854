package io.yunwei.local;

import java.util.List;

/**
 * The layout {@code deploy/local/run} starts, from its options: {@code --brokers=3} for a three-node Kafka cluster,
 * {@code --instances=2} for two instances of every service and of the gateway, {@code --cluster} for both;
 * {@code --kafka-auth} for brokers that authenticate every client and authorize by the access list, as in production.
 */
record Layout(int brokers, int instances, boolean kafkaAuth) {

    static final String USAGE = "usage: deploy/local/run [--cluster | --brokers=1|3 --instances=1|2] [--kafka-auth]";

    static Layout parse(String... args) {
        int brokers = 1;
        int instances = 1;
        boolean kafkaAuth = false;
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                continue;
            }
            if (arg.equals("--cluster")) {
                brokers = 3;
                instances = 2;
            } else if (arg.equals("--kafka-auth")) {
                kafkaAuth = true;
            } else if (arg.startsWith("--brokers=")) {
                brokers = number(arg, List.of(1, 3));
            } else if (arg.startsWith("--instances=")) {
                instances = number(arg, List.of(1, 2));
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new Layout(brokers, instances, kafkaAuth);
    }

    StackConfig applyTo(StackConfig config) {
        StackConfig layout = config.withBrokers(brokers).withInstances(instances);
        return kafkaAuth ? layout.withKafkaAuth() : layout;
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
