package io.yunwei.local;

/** The processes of the local stack, each (but Prometheus) a JVM of its own, logging to {@code <data dir>/logs/<id>.log}. */
public enum Part {

    KAFKA("kafka", "deploy/kafka-broker"),
    STORE("store", "deploy/local"),
    AUTH("auth-server", "deploy/auth-server"),
    INTAKE("intake-service", "intake-service"),
    DISPATCH("dispatch-service", "dispatch-service"),
    FIELD("field-service", "field-service"),
    FOLLOWUP("followup-service", "followup-service"),
    GATEWAY("gateway", "gateway"),
    /** Not a JVM: the {@code prometheus} binary from the PATH, started only when it is installed. */
    PROMETHEUS("prometheus", "deploy/ops");

    private final String id;
    private final String module;

    Part(String id, String module) {
        this.id = id;
        this.module = module;
    }

    /** The short name used for its log file and in progress messages. */
    public String id() {
        return id;
    }

    /** The Maven module, relative to the repository root, whose build output this part runs. */
    String module() {
        return module;
    }

    @Override
    public String toString() {
        return id;
    }
}
