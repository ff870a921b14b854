package io.yunwei.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What {@code deploy/local/run} shows: progress while starting, then where everything is and how to try it. */
final class Console implements Progress {

    private static final List<String[]> DEMO_CLIENTS = List.of(
            new String[] {"agent", "AGENT"},
            new String[] {"dispatcher", "DISPATCHER"},
            new String[] {"supervisor", "SUPERVISOR"},
            new String[] {"admin", "ADMIN"},
            new String[] {"customer-acme", "CUSTOMER for customer acme"},
            new String[] {"customer-globex", "CUSTOMER for customer globex"},
            new String[] {"engineer-wang", "ENGINEER as engineer eng-wang"},
            new String[] {"engineer-li", "ENGINEER as engineer eng-li"});

    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    void starting(LocalStack stack) {
        out.println("Yunwei local stack, data and logs in " + stack.config().dataDir());
    }

    @Override
    public void starting(Node node) {
        out.println("  starting " + node + "…");
    }

    @Override
    public void ready(Node node, Duration took) {
        out.println("  " + node + " ready in " + seconds(took));
    }

    @Override
    public void skipped(Node node, String why) {
        out.println("  " + node + " not started: " + why);
    }

    @Override
    public void training(Node node) {
        out.println("  " + node + ": training its start cache, once for this build…");
    }

    @Override
    public void startCacheFailed(Node node, String why) {
        out.println("  " + node + " starts without a start cache: " + why);
    }

    @Override
    public void leftoverStopped(long pid) {
        out.println("  stopped process " + pid + ", left running by an earlier launcher");
    }

    void ready(LocalStack stack, Duration took) {
        out.printf(Locale.ROOT, "ready in %d s, %d processes using %.1f GB of memory (RSS)%n", took.toSeconds(),
                stack.pids().values().stream().distinct().count(), stack.residentBytes() / 1e9);
    }

    void banner(LocalStack stack) {
        String gateway = stack.gatewayUrl();
        out.println();
        out.println("Yunwei is running at " + gateway + "   (Ctrl-C stops everything)");
        out.println();
        out.println("  API            " + gateway + "/api/v1");
        stack.gatewayUrls().stream().skip(1).forEach(more -> out.println("  also           " + more
                + "/api/v1   (another gateway instance; every instance balances over all "
                + stack.config().instances() + " instances of each service)"));
        out.println("  tokens         " + gateway + "/oauth2/token");
        out.println("  Kafka          " + stack.kafkaBootstrapServers() + (stack.config().kafkaAuth()
                ? "   (SASL/SCRAM-SHA-512; principals and passwords in "
                        + stack.config().dataDir().resolve("kafka-credentials.properties") + ")"
                : ""));
        out.println("  MongoDB        " + stack.mongoUri());
        out.println("  Prometheus     " + stack.prometheusUrl().map(url -> url + "   (alerts: " + url + "/alerts)")
                .orElse("not running (Debian: apt-get install prometheus, then start again)"));
        out.println("  logs           " + stack.config().dataDir().resolve("logs"));
        out.println();
        out.println("Demo clients (client-credentials grant, secret = client id + \"-secret\"):");
        DEMO_CLIENTS.forEach(client -> out.printf(Locale.ROOT, "  %-16s %s%n", client[0], client[1]));
        out.println();
        out.println("Try it: an engineer reports an inspection finding, then lists the tickets");
        out.println("  TOKEN=$(curl -s -u engineer-wang:engineer-wang-secret -d grant_type=client_credentials " + gateway
                + "/oauth2/token | sed -E 's/.*\"access_token\" *: *\"([^\"]+)\".*/\\1/')");
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' " + gateway
                + "/api/v1/tickets -d '{\"channel\":\"INSPECTION\",\"customerId\":\"acme\",\"siteId\":\"acme-hq\","
                + "\"assetIds\":[\"acme-ups-01\"],\"when\":{\"occurredAt\":\"2026-11-25T09:30:00+08:00\"},"
                + "\"who\":{\"reportedBy\":\"王工\"},\"where\":{\"location\":\"机房 A 排 3 号柜\"},"
                + "\"what\":{\"symptom\":\"UPS 告警灯闪烁\"},\"why\":{\"suspectedCause\":\"电池老化\"},"
                + "\"how\":{\"discoveredHow\":\"巡检发现\",\"impact\":\"HIGH\",\"urgency\":\"MEDIUM\"}}'");
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + gateway + "/api/v1/tickets");
        out.println();
    }

    void stopping() {
        out.println("stopping…");
    }

    private static String seconds(Duration took) {
        return String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
    }
}
