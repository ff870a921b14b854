package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment beyond one machine under {@code deploy/ops}, checked offline (neither Docker nor a cluster runs
 * here): the YAML parses, the compose file and the Kubernetes manifests have what operations rely on (pinned images,
 * health checks and probes, resources, autoscaling, durable Kafka and MongoDB settings), and every environment
 * variable they set is a property the receiving service reads.
 */
@SuppressWarnings("unchecked")
class DeploymentManifestsTest {

    private static final Path ROOT = StackConfig.locateRepoRoot();
    private static final Path OPS = ROOT.resolve("deploy/ops");
    private static final Pattern OWN_IMAGE = Pattern.compile("yunwei/([a-z-]+):(.+)");
    private static final Pattern PINNED = Pattern.compile("[^:@]+(:[^:]+|@sha256:[0-9a-f]{64})");
    private static final Map<String, String> MODULES = Map.of("intake-service", "intake-service", "dispatch-service",
            "dispatch-service", "field-service", "field-service", "followup-service", "followup-service", "gateway",
            "gateway", "auth-server", "deploy/auth-server");
    private static final Set<String> ON_CHASSIS = Set.of("intake-service", "dispatch-service", "field-service",
            "followup-service");

    // --- compose -------------------------------------------------------------------------------------------------

    @Test
    void everyComposeImageIsPinnedAndOurOwnAreNamedAsBuildImageNamesThem() throws IOException {
        String version = projectVersion();
        Map<String, Map<String, Object>> services = composeServices();

        assertThat(services).containsKeys("kafka-1", "kafka-2", "kafka-3", "mongo-1", "mongo-2", "mongo-3",
                "mongo-init", "auth-server", "intake-service", "dispatch-service", "field-service", "followup-service",
                "gateway", "prometheus", "grafana");
        services.forEach((name, service) -> {
            String image = (String) service.get("image");
            assertThat(image).as(name + " image").matches(PINNED).doesNotEndWith(":latest");
            Matcher own = OWN_IMAGE.matcher(image);
            if (own.matches()) {
                assertThat(MODULES).as("a module builds " + image).containsKey(own.group(1));
                assertThat(own.group(2)).as(image + " tag").isEqualTo(version);
            }
        });
        assertThat(Files.readString(ROOT.resolve("pom.xml"))).as("spring-boot:build-image names the images so")
                .contains("<name>yunwei/${project.artifactId}:${project.version}</name>");
    }

    @Test
    void everyLongRunningComposeServiceHasAHealthCheckAndStartsOnlyAfterWhatItNeedsIsHealthy() {
        Map<String, Map<String, Object>> services = composeServices();

        services.forEach((name, service) -> {
            if (!name.endsWith("-init")) {
                assertThat(service).as(name + " health check").containsKey("healthcheck");
                assertThat((Map<String, Object>) service.get("healthcheck")).as(name).containsKey("test");
            }
            Map<String, Map<String, Object>> dependsOn = (Map<String, Map<String, Object>>) service
                    .getOrDefault("depends_on", Map.of());
            dependsOn.forEach((dependency, condition) -> {
                assertThat(services).as(name + " depends on " + dependency).containsKey(dependency);
                assertThat(condition.get("condition")).as(name + " -> " + dependency).isEqualTo(
                        dependency.endsWith("-init") ? "service_completed_successfully" : "service_healthy");
            });
        });
        for (String app : List.of("intake-service", "dispatch-service", "field-service", "followup-service")) {
            assertThat((Map<String, Object>) services.get(app).get("depends_on")).as(app)
                    .containsKeys("kafka-1", "kafka-2", "kafka-3", "mongo-init", "auth-server");
        }
    }

    @Test
    void composeRunsAThreeBrokerKraftClusterThatKeepsEveryWriteOnTwoBrokers() {
        Map<String, Map<String, Object>> services = composeServices();
        Set<String> nodeIds = new TreeSet<>();

        for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
            Map<String, Object> env = (Map<String, Object>) services.get(broker).get("environment");
            nodeIds.add(String.valueOf(env.get("KAFKA_NODE_ID")));
            assertThat(env).as(broker).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false");
            assertThat(String.valueOf(env.get("CLUSTER_ID"))).as("a base64 UUID").matches("[A-Za-z0-9_-]{22}");
        }
        assertThat(nodeIds).hasSize(3);
    }

    @Test
    void composeBrokersAuthenticateEveryClientAndEachServiceLogsInAsItself() {
        Map<String, Map<String, Object>> services = composeServices();

        for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
            Map<String, Object> env = (Map<String, Object>) services.get(broker).get("environment");
            assertThat(String.valueOf(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).split(","))
                    .as(broker + ": every listener takes logins").allMatch(entry -> entry.endsWith(":SASL_PLAINTEXT"));
            assertThat(env).as(broker).containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
                    .containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .containsEntry("KAFKA_LISTENER_NAME_CLIENT_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        }
        for (String service : ON_CHASSIS) {
            Map<String, Object> env = (Map<String, Object>) services.get(service).get("environment");
            assertThat(String.valueOf(env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))).as(service)
                    .contains("username=\"" + service + "\"");
            assertThat(env).containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
            assertThat((Map<String, Object>) services.get(service).get("depends_on")).containsKey("kafka-init");
        }
        Map<String, Object> init = services.get("kafka-init");
        assertThat(String.valueOf(init.get("volumes"))).contains("../k8s/kafka-access.txt");
        assertThat(String.valueOf(init.get("command"))).contains("kafka-acls.sh", "kafka-configs.sh",
                "/etc/yunwei/kafka-access.txt");
    }

    @Test
    void composeFormsAMongoReplicaSetWithAccessControlAndEachServiceWritesAsItsOwnUserWithMajorityConcern() {
        Map<String, Map<String, Object>> services = composeServices();

        for (String member : List.of("mongo-1", "mongo-2", "mongo-3")) {
            Map<String, Object> env = (Map<String, Object>) services.get(member).get("environment");
            assertThat(String.valueOf(services.get(member).get("command"))).as(member + ": a key file turns logins on")
                    .contains("mongod --replSet rs0 --bind_ip_all --keyFile /etc/mongo-replica-set.key", "umask 077");
            assertThat(String.valueOf(env.get("MONGO_INITDB_ROOT_PASSWORD"))).startsWith("${MONGO_ROOT_PASSWORD:?");
            assertThat(String.valueOf(env.get("MONGO_REPLICA_SET_KEY"))).startsWith("${MONGO_REPLICA_SET_KEY:?");
        }
        Map<String, Object> init = services.get("mongo-init");
        String script = String.valueOf(init.get("command"));
        assertThat(script).contains("rs.initiate", "mongo-1:27017", "mongo-2:27017", "mongo-3:27017",
                "[\"intake\", \"dispatch\", \"field\", \"followup\"]", "roles = [{ role: \"readWrite\", db: service }]",
                "createUser({ user: service, pwd, roles })", "updateUser(service, { pwd, roles })");
        for (String app : ON_CHASSIS) {
            String database = app.substring(0, app.indexOf('-'));
            String uri = (String) ((Map<String, Object>) services.get(app).get("environment")).get("SPRING_MONGODB_URI");
            assertThat(uri).as(app + " logs in as its own user, to its own database")
                    .startsWith("mongodb://" + database + ":${MONGO_" + database.toUpperCase() + "_PASSWORD:?")
                    .contains("/" + database + "?", "authSource=" + database, "replicaSet=rs0", "w=majority",
                            "journal=true");
            assertThat((Map<String, Object>) init.get("environment")).as("mongo-init sets " + app + "'s password")
                    .containsEntry(database.toUpperCase() + "_PASSWORD",
                            "${MONGO_" + database.toUpperCase() + "_PASSWORD:?set MONGO_" + database.toUpperCase() + "_PASSWORD}");
        }
    }

    @Test
    void composeEnvExampleNamesEveryValueComposeRequiresAndHoldsNone() throws IOException {
        Matcher required = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?\\?[^}]*)?}")
                .matcher(Files.readString(OPS.resolve("compose/compose.yaml")));
        Set<String> variables = new TreeSet<>();
        while (required.find()) {
            variables.add(required.group(1));
        }
        Map<String, String> example = envFile(OPS.resolve("compose/compose.env.example"));

        assertThat(variables).contains("MONGO_ROOT_PASSWORD", "MONGO_INTAKE_PASSWORD", "KAFKA_ADMIN_PASSWORD");
        assertThat(example).as("compose.env.example").containsOnlyKeys(variables);
        assertThat(example.values()).as("compose.env.example holds names, never values").allMatch(String::isEmpty);
    }

    @Test
    void composeProvisionsGrafanaWithTheDashboardsAndPrometheusWithTheRulesAndEveryService() {
        Map<String, Map<String, Object>> services = composeServices();
        Path compose = OPS.resolve("compose");

        for (String service : List.of("prometheus", "grafana")) {
            for (String volume : (List<String>) services.get(service).get("volumes")) {
                String source = volume.split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(compose.resolve(source).normalize()).as(service + " mounts " + source).exists();
                }
            }
        }
        Map<String, Object> prometheus = MetricReferences.read(OPS.resolve("prometheus/prometheus.yml"));
        List<String> targets = new ArrayList<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
            for (Map<String, Object> group : (List<Map<String, Object>>) job.get("static_configs")) {
                targets.addAll((List<String>) group.get("targets"));
            }
        }
        assertThat(targets).containsExactlyInAnyOrder("intake-service:" + port("intake-service"),
                "dispatch-service:" + port("dispatch-service"), "field-service:" + port("field-service"),
                "followup-service:" + port("followup-service"), "gateway:" + port("gateway"));
    }

    @Test
    void everyVariableComposeSetsOnOurImagesIsAPropertyThatServiceReads() {
        Map<String, List<String>> unknown = new TreeMap<>();
        composeServices().forEach((name, service) -> {
            Matcher own = OWN_IMAGE.matcher((String) service.get("image"));
            if (own.matches()) {
                ServiceProperties reads = properties(own.group(1));
                ((Map<String, Object>) service.getOrDefault("environment", Map.of())).keySet().stream()
                        .filter(variable -> !reads.reads(variable))
                        .forEach(variable -> unknown.computeIfAbsent(name, k -> new ArrayList<>()).add(variable));
            }
        });

        assertThat(ServiceProperties.bootPropertyCount()).as("Spring Boot's property metadata").isGreaterThan(500);
        assertThat(unknown).as("variables no property of the service matches").isEmpty();
    }

    // --- Kubernetes -----------------------------------------------------------------------------------------------

    @Test
    void everyManifestParsesAndNamesItsKindAndNamespaceAndKustomizeListsThemAll() throws IOException {
        List<Map<String, Object>> docs = manifests();
        Map<String, Object> kustomization = MetricReferences.read(OPS.resolve("k8s/kustomization.yaml"));
        Set<String> files = new TreeSet<>();
        try (var list = Files.list(OPS.resolve("k8s"))) {
            list.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .filter(f -> !f.equals("kustomization.yaml")).forEach(files::add);
        }

        assertThat(new TreeSet<>((List<String>) kustomization.get("resources"))).isEqualTo(files);
        for (Map<String, Object> doc : docs) {
            assertThat(doc).containsKeys("apiVersion", "kind", "metadata");
            Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
            assertThat(metadata).as(doc.get("kind") + " metadata").containsKey("name");
            if (!doc.get("kind").equals("Namespace")) {
                assertThat(metadata).as(doc.get("kind") + " " + metadata.get("name")).containsEntry("namespace", "yunwei");
            }
        }
    }

    @Test
    void everyManifestReadsAsTheKubernetesApiDefinesItsKind() {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> manifest : manifests()) {
            ManifestModel.problems(manifest).forEach(problem -> problems.add(name(manifest) + " " + problem));
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void theModelCheckFindsAMisspeltFieldAWrongTypeAndAnUnknownKind() {
        Map<String, Object> deployment = ofKind(manifests(), "Deployment").getFirst();
        Map<String, Object> typo = new java.util.HashMap<>(deployment);
        typo.put("spec", new java.util.HashMap<>((Map<String, Object>) deployment.get("spec")));
        ((Map<String, Object>) typo.get("spec")).put("replica", 2);
        Map<String, Object> wrongType = new java.util.HashMap<>(deployment);
        wrongType.put("spec", Map.of("replicas", "two"));

        assertThat(ManifestModel.problems(typo)).singleElement().asString().contains("spec", "replica");
        assertThat(ManifestModel.problems(wrongType)).singleElement().asString().contains("two");
        assertThat(ManifestModel.problems(Map.of("apiVersion", "apps/v1beta1", "kind", "Deployment"))).isNotEmpty();
        Map<String, Object> deep = new Yaml().load(new Yaml().dump(deployment));
        Map<String, Object> container = containers(deep).getFirst();
        container.put("readinesProbe", container.remove("readinessProbe"));
        assertThat(ManifestModel.problems(deep)).singleElement().asString()
                .contains("spec.template.spec.containers[0]", "readinesProbe");
    }

    @Test
    void everyDeploymentHasPinnedImageResourcesAndProbesOnTheHealthGroupsAndAServiceAndAnAutoscaler() {
        List<Map<String, Object>> docs = manifests();
        List<Map<String, Object>> deployments = ofKind(docs, "Deployment");

        assertThat(deployments).extracting(d -> name(d)).containsExactlyInAnyOrder("intake-service",
                "dispatch-service", "field-service", "followup-service", "gateway");
        for (Map<String, Object> deployment : deployments) {
            String name = name(deployment);
            Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
            Map<String, Object> template = (Map<String, Object>) spec.get("template");
            Map<String, Object> labels = (Map<String, Object>) ((Map<String, Object>) template.get("metadata")).get("labels");
            Map<String, Object> selector = (Map<String, Object>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
            assertThat(labels).as(name + " pod labels match the selector").containsAllEntriesOf(selector);

            List<Map<String, Object>> containers = (List<Map<String, Object>>) ((Map<String, Object>) template
                    .get("spec")).get("containers");
            for (Map<String, Object> container : containers) {
                assertThat((String) container.get("image")).as(name).matches(PINNED).doesNotEndWith(":latest");
                Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) container.get("resources");
                assertThat(resources.get("requests")).as(name + " requests").containsKeys("cpu", "memory");
                assertThat(resources.get("limits")).as(name + " limits").containsKeys("memory");
                Set<Object> portNames = new TreeSet<>();
                ((List<Map<String, Object>>) container.get("ports")).forEach(p -> portNames.add(p.get("name")));
                assertThat(probePath(container, "livenessProbe", portNames)).as(name).isEqualTo("/actuator/health/liveness");
                assertThat(probePath(container, "readinessProbe", portNames)).as(name).isEqualTo("/actuator/health/readiness");
            }

            assertThat(ofKind(docs, "Service")).as(name + " has a Service selecting it").anySatisfy(service ->
                    assertThat(labels).containsAllEntriesOf((Map<String, Object>) ((Map<String, Object>) service
                            .get("spec")).get("selector")));
            assertThat(ofKind(docs, "HorizontalPodAutoscaler")).as(name + " scales horizontally").anySatisfy(hpa -> {
                Map<String, Object> hpaSpec = (Map<String, Object>) hpa.get("spec");
                Map<String, Object> target = (Map<String, Object>) hpaSpec.get("scaleTargetRef");
                assertThat(target).containsEntry("kind", "Deployment").containsEntry("name", name);
                assertThat((Integer) hpaSpec.get("minReplicas")).isGreaterThanOrEqualTo(2);
                assertThat((Integer) hpaSpec.get("maxReplicas")).isGreaterThan((Integer) hpaSpec.get("minReplicas"));
                assertThat((List<?>) hpaSpec.get("metrics")).isNotEmpty();
            });
        }
    }

    @Test
    void kafkaAndMongoAreExternalAndConfiguredForDurability() throws IOException {
        List<Map<String, Object>> docs = manifests();
        Map<String, Object> job = ofKind(docs, "Job").getFirst();

        assertThat(ofKind(docs, "StatefulSet")).as("Kafka and MongoDB run outside this namespace").isEmpty();
        for (String service : List.of("intake-service", "dispatch-service", "field-service", "followup-service")) {
            String example = Files.readString(OPS.resolve("k8s/secrets/" + service + ".env.example"));
            String database = service.substring(0, service.indexOf('-'));
            assertThat(example).as(service + "'s database user").contains("mongodb://" + database + ":<password>@",
                    "/" + database + "?", "authSource=" + database, "replicaSet=", "w=majority", "journal=true",
                    "tls=true",
                    "role: \"readWrite\", db: \"" + database + "\"");
        }
        assertThat(String.valueOf(job)).contains("--replication-factor 3", "min.insync.replicas=2");
    }

    @Test
    void everyServiceLogsInToKafkaAsItsOwnUserOverTlsAndTheJobGrantsWhatTheAccessListSays() throws IOException {
        List<Map<String, Object>> docs = manifests();
        Map<String, Object> kafka = (Map<String, Object>) ofKind(docs, "ConfigMap").stream()
                .filter(doc -> name(doc).equals("yunwei-kafka")).findFirst().orElseThrow().get("data");
        Map<String, Object> kustomization = MetricReferences.read(OPS.resolve("k8s/kustomization.yaml"));
        String job = String.valueOf(ofKind(docs, "Job").getFirst());

        assertThat(kafka).containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "file:/etc/yunwei/kafka-ca/ca.crt");
        for (String service : ON_CHASSIS) {
            String example = Files.readString(OPS.resolve("k8s/secrets/" + service + ".env.example"));
            assertThat(example).as(service + "'s Kafka login").contains("username=\"" + service + "\"")
                    .contains("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG=");
            Map<String, Object> deployment = ofKind(docs, "Deployment").stream()
                    .filter(doc -> name(doc).equals(service)).findFirst().orElseThrow();
            assertThat(String.valueOf(deployment)).as(service + " trusts the brokers' authority")
                    .contains("secretName=yunwei-kafka-ca", "mountPath=/etc/yunwei/kafka-ca");
            assertThat(job).as("the job creates " + service + "'s user").contains(service);
        }
        assertThat(String.valueOf(kustomization.get("configMapGenerator"))).contains("kafka-access.txt");
        assertThat(job).contains("kafka-acls.sh", "/etc/yunwei/kafka-access/kafka-access.txt", "kafka-configs.sh",
                "SCRAM-SHA-512=[iterations=8192,password=$password]", "security.protocol=SASL_SSL");
        // the job reads only the Kafka login from each service's secret, not its database password
        assertThat(job).doesNotContain("SPRING_MONGODB_URI");
    }

    @Test
    void noCredentialIsWrittenInTheManifestsOrTheComposeFile() throws IOException {
        List<Map<String, Object>> docs = manifests();
        Map<String, Object> kustomization = MetricReferences.read(OPS.resolve("k8s/kustomization.yaml"));

        assertThat(ofKind(docs, "Secret")).as("Secrets come from secrets/*.env, outside the repository").isEmpty();
        for (Map<String, Object> generator : (List<Map<String, Object>>) kustomization.get("secretGenerator")) {
            for (String env : (List<String>) generator.getOrDefault("envs", List.of())) {
                assertThat(Files.exists(OPS.resolve("k8s").resolve(env + ".example"))).as(env + ".example").isTrue();
                Map<String, String> example = envFile(OPS.resolve("k8s").resolve(env + ".example"));
                assertThat(example.values()).as(env + ".example holds names, never values").allMatch(String::isEmpty);
            }
            for (String file : (List<String>) generator.getOrDefault("files", List.of())) {
                String path = file.substring(file.indexOf('=') + 1);
                assertThat(path).as("a secret's file is kept where git ignores it").startsWith("secrets/")
                        .endsWith(".crt");
            }
        }
        assertThat(Files.readString(OPS.resolve("k8s/secrets/.gitignore"))).contains("*.env", "*.crt");
        List<String> clear = new ArrayList<>();
        for (Map<String, Object> doc : ofKind(docs, "ConfigMap")) {
            ((Map<String, Object>) doc.get("data")).forEach((key, value) -> credential(key, value)
                    .ifPresent(why -> clear.add("configMap/" + name(doc) + " " + key + ": " + why)));
        }
        for (Map<String, Object> deployment : ofKind(docs, "Deployment")) {
            for (Map<String, Object> container : containers(deployment)) {
                for (Map<String, Object> variable : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
                    credential((String) variable.get("name"), variable.get("value")).ifPresent(why -> clear.add(
                            name(deployment) + " " + variable.get("name") + ": " + why));
                }
            }
        }
        composeServices().forEach((service, definition) -> ((Map<String, Object>) definition
                .getOrDefault("environment", Map.of())).forEach((key, value) -> credential(key, value)
                        .filter(why -> !String.valueOf(value).startsWith("${"))
                        .ifPresent(why -> clear.add("compose " + service + " " + key + ": " + why))));

        assertThat(clear).as("credentials written in clear (a Secret or an env file outside the repository holds them)")
                .isEmpty();
    }

    @Test
    void theCredentialCheckFindsPasswordsKeysAndUrisWithCredentials() {
        assertThat(credential("GF_SECURITY_ADMIN_PASSWORD", "admin")).isPresent();
        assertThat(credential("YUNWEI_CONSOLE_CLIENT_SECRET", "change-me")).isPresent();
        assertThat(credential("SPRING_MONGODB_URI", "mongodb://yunwei:change-me@mongo-0:27017/")).isPresent();
        assertThat(credential("SPRING_MONGODB_URI", "mongodb://mongo-0:27017/?replicaSet=rs0")).isEmpty();
        assertThat(credential("SPRING_MONGODB_URI",
                "mongodb://intake:${MONGO_INTAKE_PASSWORD:?set it}@mongo-1:27017/intake?authSource=intake")).isEmpty();
        assertThat(credential("YUNWEI_SECURITY_JWK_SET_URI", "https://sso.example.com/certs")).isEmpty();
        assertThat(credential("GF_SECURITY_ADMIN_USER", "admin")).isEmpty();
        assertThat(credential("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"intake-service\""
                        + " password=\"s3cret\";")).isPresent();
        assertThat(credential("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                "ScramLoginModule required username=\"intake-service\" password=\"${KAFKA_INTAKE_PASSWORD:?}\";"))
                .isEmpty();
    }

    @Test
    void everyPodRunsAsNonRootOnAReadOnlyRootFilesystemBehindNetworkPolicies() {
        List<Map<String, Object>> docs = manifests();
        List<Map<String, Object>> policies = ofKind(docs, "NetworkPolicy");

        assertThat(policies).as("a policy denying everything not allowed").anySatisfy(policy -> {
            Map<String, Object> spec = (Map<String, Object>) policy.get("spec");
            assertThat((Map<String, Object>) spec.get("podSelector")).isEmpty();
            assertThat((List<String>) spec.get("policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(spec).doesNotContainKeys("ingress", "egress");
        });
        for (Map<String, Object> deployment : ofKind(docs, "Deployment")) {
            String name = name(deployment);
            Map<String, Object> podSpec = podSpec(deployment);
            assertThat((Map<String, Object>) podSpec.get("securityContext")).as(name).containsEntry("runAsNonRoot", true);
            for (Map<String, Object> container : containers(deployment)) {
                assertThat((Map<String, Object>) container.get("securityContext")).as(name)
                        .containsEntry("readOnlyRootFilesystem", true).containsEntry("allowPrivilegeEscalation", false);
            }
            assertThat(policies).as(name + " has a policy allowing its own traffic").anySatisfy(policy -> assertThat(
                    String.valueOf(((Map<String, Object>) policy.get("spec")).get("podSelector"))).contains(name));
        }
        Map<String, Object> gatewayPolicy = policies.stream().filter(p -> name(p).equals("gateway")).findFirst()
                .orElseThrow();
        Map<String, Object> servicesPolicy = policies.stream().filter(p -> name(p).equals("services")).findFirst()
                .orElseThrow();
        assertThat(String.valueOf(((Map<String, Object>) servicesPolicy.get("spec")).get("ingress")))
                .as("the services take calls from the gateway and Prometheus only").contains("gateway", "monitoring")
                .doesNotContain("0.0.0.0/0");
        assertThat(((List<Map<String, Object>>) ((Map<String, Object>) gatewayPolicy.get("spec")).get("ingress"))
                .getFirst()).as("the gateway is reachable from outside").doesNotContainKey("from");
    }

    @Test
    void everyVariableTheManifestsSetIsAPropertyThatServiceReads() {
        List<Map<String, Object>> docs = manifests();
        Map<String, Map<String, Object>> sources = new LinkedHashMap<>();
        for (Map<String, Object> doc : docs) {
            if (doc.get("kind").equals("ConfigMap")) {
                sources.put("configMap/" + name(doc), (Map<String, Object>) doc.get("data"));
            }
        }
        Map<String, Object> kustomization = MetricReferences.read(OPS.resolve("k8s/kustomization.yaml"));
        for (Map<String, Object> generator : (List<Map<String, Object>>) kustomization.get("secretGenerator")) {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (String env : (List<String>) generator.getOrDefault("envs", List.of())) {
                keys.putAll(envFile(OPS.resolve("k8s").resolve(env + ".example")));
            }
            sources.put("secret/" + generator.get("name"), keys);
        }
        Map<String, List<String>> unknown = new TreeMap<>();
        for (Map<String, Object> deployment : ofKind(docs, "Deployment")) {
            ServiceProperties reads = properties(name(deployment));
            Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment
                    .get("spec")).get("template")).get("spec");
            for (Map<String, Object> container : (List<Map<String, Object>>) podSpec.get("containers")) {
                Set<String> variables = new TreeSet<>();
                ((List<Map<String, Object>>) container.getOrDefault("env", List.of()))
                        .forEach(e -> variables.add((String) e.get("name")));
                for (Map<String, Object> from : (List<Map<String, Object>>) container.getOrDefault("envFrom", List.of())) {
                    String key = from.containsKey("configMapRef") ? "configMap/" + refName(from, "configMapRef")
                            : "secret/" + refName(from, "secretRef");
                    assertThat(sources).as(name(deployment) + " reads " + key).containsKey(key);
                    variables.addAll(sources.get(key).keySet());
                }
                variables.stream().filter(v -> !reads.reads(v))
                        .forEach(v -> unknown.computeIfAbsent(name(deployment), k -> new ArrayList<>()).add(v));
            }
        }

        assertThat(unknown).as("variables no property of the service matches").isEmpty();
    }

    @Test
    void aVariableUnderAMapPropertySetsTheKeyTheKafkaClientReads() {
        var environment = new org.springframework.core.env.SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512",
                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "ScramLoginModule required;"));
        var binder = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(environment));

        Map<String, String> kafka = binder.bind("spring.kafka.properties",
                org.springframework.boot.context.properties.bind.Bindable.mapOf(String.class, String.class)).get();

        assertThat(kafka).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "ScramLoginModule required;");
    }

    @Test
    void theVariableCheckTellsAPropertyFromATypo() {
        ServiceProperties intake = properties("intake-service");

        assertThat(intake.reads("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isTrue();
        assertThat(intake.reads("YUNWEI_SECURITY_JWK_SET_URI")).isTrue();
        assertThat(intake.reads("YUNWEI_EVENTS_TOPIC")).as("the chassis' own properties").isTrue();
        assertThat(intake.reads("SPRING_KAFKA_BOOTSTRAP_SERVER")).isFalse();
        assertThat(intake.reads("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM")).as("a key of a map property").isTrue();
        assertThat(intake.reads("SPRING_KAFKA_PROPERTY_SASL_MECHANISM")).isFalse();
        assertThat(intake.reads("YUNWEI_SECURITY_ISSUER_URL")).isFalse();
        assertThat(properties("gateway").reads("YUNWEI_EVENTS_TOPIC")).as("the gateway is not on the chassis")
                .isFalse();
        assertThat(ServiceProperties.documentedByBoot("management.opentelemetry.tracing.export.otlp.endpoint"))
                .as("the OTLP endpoint the manifests set is one Spring Boot documents").isTrue();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static ServiceProperties properties(String artifact) {
        return ServiceProperties.of(ROOT, MODULES.get(artifact), ON_CHASSIS.contains(artifact));
    }

    private static Map<String, Map<String, Object>> composeServices() {
        return (Map<String, Map<String, Object>>) MetricReferences.read(OPS.resolve("compose/compose.yaml"))
                .get("services");
    }

    private static List<Map<String, Object>> manifests() {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Path file : MetricReferences.files(OPS.resolve("k8s"), ".yaml")) {
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            try {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    if (doc != null) {
                        docs.add((Map<String, Object>) doc);
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return docs;
    }

    /** Why a value set for this name is a credential written in clear, if it is one. */
    private static java.util.Optional<String> credential(String name, Object value) {
        String text = value == null ? "" : String.valueOf(value);
        if (text.isBlank()) {
            return java.util.Optional.empty();
        }
        Matcher uri = Pattern.compile("[a-z][a-z0-9+.-]*://[^/@\\s:]+:(\\$\\{[^}]*}|[^/@\\s]+)@").matcher(text);
        while (uri.find()) {
            if (!uri.group(1).startsWith("${")) {
                return java.util.Optional.of("a URI with a user and password");
            }
        }
        if (Pattern.compile("(PASSWORD|SECRET|ENCRYPTION_KEY|PRIVATE_KEY|TOKEN)$").matcher(name).find()) {
            return java.util.Optional.of("a secret's value");
        }
        Matcher login = Pattern.compile("password=\\\"([^\"]*)\\\"").matcher(text);
        while (login.find()) {
            if (!login.group(1).startsWith("${")) {
                return java.util.Optional.of("a login with its password");
            }
        }
        return java.util.Optional.empty();
    }

    /** The names and values of an env file ({@code NAME=value}, comments and blank lines left out). */
    private static Map<String, String> envFile(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    int equals = trimmed.indexOf('=');
                    entries.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return entries;
    }

    private static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
                .get("template")).get("spec");
    }

    private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        return (List<Map<String, Object>>) podSpec(deployment).get("containers");
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static String name(Map<String, Object> doc) {
        return (String) ((Map<String, Object>) doc.get("metadata")).get("name");
    }

    private static String refName(Map<String, Object> from, String key) {
        return (String) ((Map<String, Object>) from.get(key)).get("name");
    }

    private static String probePath(Map<String, Object> container, String probe, Set<Object> portNames) {
        Map<String, Object> httpGet = (Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet");
        assertThat(httpGet).as(probe).isNotNull();
        assertThat(portNames).as(probe + " port").contains(httpGet.get("port"));
        return (String) httpGet.get("path");
    }

    /** The port a module's application.yml gives it. */
    private static int port(String artifact) {
        Map<String, Object> yml = MetricReferences.read(ROOT.resolve(MODULES.get(artifact))
                .resolve("src/main/resources/application.yml"));
        return (Integer) ((Map<String, Object>) yml.get("server")).get("port");
    }

    private static String projectVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>yunwei</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version.find()).as("the root pom's version").isTrue();
        return version.group(1);
    }
}
