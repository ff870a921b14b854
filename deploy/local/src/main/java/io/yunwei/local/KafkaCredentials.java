package io.yunwei.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The passwords of the brokers' principals when the stack runs Kafka with authentication
 * ({@link StackConfig#withKafkaAuth()}): created at random once per data dir and kept in
 * {@code <data dir>/kafka-credentials.properties}, readable by its owner only. Every node's storage is formatted
 * with all of them (SCRAM-SHA-512), whether or not this start asks for authentication, so either mode can start on a
 * storage formatted by the other.
 */
final class KafkaCredentials {

    /** The brokers among themselves (inter-broker listener); a super user. */
    static final String BROKER = "yunwei-broker";
    /** The controllers' listener (SASL/PLAIN: KRaft controllers cannot use SCRAM, whose users live in their log). */
    static final String CONTROLLER = "yunwei-controller";
    /** The topic job's and the operator's tools; a super user. */
    static final String ADMIN = "yunwei-admin";
    static final String MECHANISM = "SCRAM-SHA-512";

    private static final String FILE = "kafka-credentials.properties";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> passwords;

    private KafkaCredentials(Map<String, String> passwords) {
        this.passwords = passwords;
    }

    /** The principals' passwords kept in the data dir, created on first use. */
    static synchronized KafkaCredentials of(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        Properties kept = new Properties();
        try {
            if (Files.isRegularFile(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    kept.load(in);
                }
            }
            Map<String, String> passwords = new LinkedHashMap<>();
            boolean created = false;
            for (String principal : principals()) {
                String password = kept.getProperty(principal);
                if (password == null) {
                    password = HexFormat.of().formatHex(bytes());
                    kept.setProperty(principal, password);
                    created = true;
                }
                passwords.put(principal, password);
            }
            if (created) {
                writePrivately(file, kept, "Kafka principals of the local stack and their passwords");
            }
            return new KafkaCredentials(Map.copyOf(passwords));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep Kafka's credentials in " + file, e);
        }
    }

    /** The users formatted into every node's storage: the brokers', the administrator's and one per service. */
    static List<String> principals() {
        List<String> all = new ArrayList<>(List.of(BROKER, CONTROLLER, ADMIN));
        StackConfig.SERVICES.forEach(service -> all.add(service.id()));
        return List.copyOf(all);
    }

    String password(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka principal " + principal);
        }
        return password;
    }

    /** The {@code --add-scram} arguments of Kafka's storage tool for every SCRAM user. */
    List<String> scramUsers() {
        return principals().stream().filter(principal -> !principal.equals(CONTROLLER))
                .flatMap(principal -> List.of("--add-scram",
                        MECHANISM + "=[name=" + principal + ",password=" + password(principal) + "]").stream())
                .toList();
    }

    /** A JAAS line for a SCRAM client. */
    String scramLogin(String principal) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password(principal) + "\";";
    }

    /** The client properties a principal connects with: SASL over plain TCP on this machine. */
    Map<String, String> clientProperties(String principal) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", scramLogin(principal));
    }

    /** Writes properties to a file only its owner may read, as every file holding a password. */
    static void writePrivately(Path file, Properties properties, String comment) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, comment);
        }
    }

    private static byte[] bytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
