package io.yunwei.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Makes the brokers' ACLs what the access list says ({@code deploy/ops/k8s/kafka-access.txt}): every line's grants are
 * added, and a grant to one of the services' principals that the list no longer has is removed. It also creates the
 * services' event topics, as the production topic job does: a service may create only its own topic, so one reading
 * another's before that service first started would be refused rather than wait. Run by the stack in a JVM of its own
 * on the broker's classpath, as the administrator, after the brokers are ready; the launcher itself carries no Kafka
 * client.
 */
final class KafkaAccess {

    /** One line of the access list: a principal may do these operations on one topic or consumer group. */
    record Grant(String principal, ResourceType type, String name, Set<AclOperation> operations) {

        List<AclBinding> bindings() {
            var resource = new ResourcePattern(type, name, PatternType.LITERAL);
            return operations.stream().map(operation -> new AclBinding(resource,
                    new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW))).toList();
        }
    }

    /** The services' event topics, with the partitions each service would give its own (yunwei.events.partitions). */
    static final List<String> EVENT_TOPICS = List.of("intake.events", "dispatch.events", "field.events",
            "followup.events");
    private static final int PARTITIONS = 3;

    private KafkaAccess() {
    }

    /** {@code <bootstrap servers> <data dir> <access list>} */
    public static void main(String[] args) throws Exception {
        KafkaCredentials credentials = KafkaCredentials.of(Path.of(args[1]));
        List<AclBinding> wanted = read(Path.of(args[2])).stream().flatMap(grant -> grant.bindings().stream()).toList();
        Map<String, Object> client = new HashMap<>(credentials.clientProperties(KafkaCredentials.ADMIN));
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (Admin admin = Admin.create(client)) {
            Set<String> existing = admin.listTopics().names().get(2, TimeUnit.MINUTES);
            List<NewTopic> missing = EVENT_TOPICS.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(2, TimeUnit.MINUTES);
            }
            admin.createAcls(wanted).all().get(2, TimeUnit.MINUTES);
            Set<String> services = new LinkedHashSet<>();
            StackConfig.SERVICES.forEach(service -> services.add("User:" + service.id()));
            Collection<AclBinding> present = admin.describeAcls(AclBindingFilter.ANY).values().get(2, TimeUnit.MINUTES);
            List<AclBindingFilter> stale = present.stream()
                    .filter(binding -> services.contains(binding.entry().principal()) && !wanted.contains(binding))
                    .map(KafkaAccess::exactly).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(2, TimeUnit.MINUTES);
            }
            System.out.println("Kafka access: " + missing.size() + " event topics created, " + wanted.size()
                    + " grants in place, " + stale.size() + " removed");
        }
    }

    /**
     * The access list: blank lines and {@code #} comments aside, each line is
     * {@code <principal> <topic|group> <name> <OPERATION,...>}.
     */
    static List<Grant> read(Path file) throws IOException {
        List<Grant> grants = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file)) {
            number++;
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            String[] fields = content.split("\\s+");
            if (fields.length != 4) {
                throw new IllegalArgumentException(file + ":" + number + ": expected <principal> <topic|group> <name>"
                        + " <OPERATION,...>, found: " + content);
            }
            ResourceType type = switch (fields[1]) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                default -> throw new IllegalArgumentException(file + ":" + number + ": a resource is a topic or a"
                        + " group, not " + fields[1]);
            };
            Set<AclOperation> operations = new LinkedHashSet<>();
            for (String operation : fields[3].split(",")) {
                operations.add(AclOperation.valueOf(operation.toUpperCase(Locale.ROOT)));
            }
            grants.add(new Grant(fields[0], type, fields[2], Set.copyOf(operations)));
        }
        return grants;
    }

    private static AclBindingFilter exactly(AclBinding binding) {
        ResourcePattern pattern = binding.pattern();
        AccessControlEntry entry = binding.entry();
        return new AclBindingFilter(new ResourcePatternFilter(pattern.resourceType(), pattern.name(),
                pattern.patternType()), new AccessControlEntryFilter(entry.principal(), entry.host(),
                entry.operation(), entry.permissionType()));
    }
}
