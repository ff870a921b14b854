package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards under {@code deploy/ops/grafana}: well-formed, provisioned, and asking the provisioned
 * Prometheus. That every series they query exists is {@link DashboardMetricsIT}'s job.
 */
class DashboardsTest {

    private static final Path GRAFANA = StackConfig.locateRepoRoot().resolve("deploy/ops/grafana");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    @SuppressWarnings("unchecked")
    void theThreePromisedDashboardsAreProvisionedFromTheFolderComposeMounts() {
        Map<String, Object> datasources = MetricReferences.read(GRAFANA.resolve("provisioning/datasources/prometheus.yml"));
        Map<String, Object> providers = MetricReferences.read(GRAFANA.resolve("provisioning/dashboards/yunwei.yml"));

        assertThat(MetricReferences.files(GRAFANA.resolve("dashboards"), ".json")).extracting(p -> p.getFileName().toString())
                .contains("service-desk-overview.json", "sla-and-dispatch.json", "engine-health.json");
        assertThat(((List<Map<String, Object>>) datasources.get("datasources")).getFirst())
                .containsEntry("uid", "yunwei-prometheus").containsEntry("type", "prometheus");
        Map<String, Object> provider = ((List<Map<String, Object>>) providers.get("providers")).getFirst();
        assertThat((Map<String, Object>) provider.get("options")).containsEntry("path", "/var/lib/grafana/dashboards");
        assertThat(String.valueOf(MetricReferences.read(GRAFANA.resolveSibling("compose/compose.yaml"))))
                .contains("../grafana/dashboards:/var/lib/grafana/dashboards:ro",
                        "../grafana/provisioning:/etc/grafana/provisioning:ro");
    }

    @Test
    void everyDashboardHasItsOwnUidAndEveryPanelQueriesTheProvisionedPrometheus() {
        Set<String> uids = new HashSet<>();
        for (Path file : MetricReferences.files(GRAFANA.resolve("dashboards"), ".json")) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertThat(uids.add(dashboard.path("uid").asString())).as(file + " uid is unique").isTrue();
            assertThat(dashboard.path("title").asString()).as(file + " title").isNotBlank();
            assertThat(dashboard.path("panels").size()).as(file + " panels").isGreaterThan(3);
            for (JsonNode panel : dashboard.path("panels")) {
                if (panel.path("type").asString().equals("row")) {
                    continue;
                }
                String where = file.getFileName() + ": " + panel.path("title").asString();
                assertThat(panel.path("datasource").path("uid").asString()).as(where).isEqualTo("yunwei-prometheus");
                assertThat(panel.path("description").asString()).as(where + " says what it shows").isNotBlank();
                assertThat(panel.path("targets").size()).as(where + " queries").isPositive();
                panel.path("targets").forEach(target -> assertThat(target.path("expr").asString()).as(where)
                        .isNotBlank());
                JsonNode grid = panel.path("gridPos");
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(where + " fits the 24 columns")
                        .isLessThanOrEqualTo(24);
            }
        }
        assertThat(uids).hasSize(3);
    }
}
