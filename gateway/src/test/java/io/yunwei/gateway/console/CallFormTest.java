package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

@SuppressWarnings("unchecked")
class CallFormTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void sendsWhatWasNotTypedAsMissingSoTheApiScoresIt() {
        CallForm form = new CallForm();
        form.setCustomerId(" acme ");
        form.setLocation("   ");
        form.setSymptom("打印机卡纸");

        Map<String, Object> body = form.newTicket(SHANGHAI);

        assertThat(body).containsEntry("channel", "CUSTOMER_CALL").containsEntry("customerId", "acme");
        assertThat((Map<String, Object>) body.get("where")).containsEntry("location", null);
        assertThat((Map<String, Object>) body.get("what")).containsEntry("symptom", "打印机卡纸");
    }

    @Test
    void readsTheTypedTimeInTheDesksZone() {
        CallForm form = new CallForm();
        form.setOccurredAt("2026-12-04T09:30");

        assertThat((Map<String, Object>) form.newTicket(SHANGHAI).get("when")).containsEntry("occurredAt", "2026-12-04T09:30+08:00");
    }

    @Test
    void splitsAssetIdsAndErrorMessages() {
        CallForm form = new CallForm();
        form.setAssetIds("acme-prn-01, acme-ups-01，acme-srv-01");
        form.setErrorMessages("E-101\n\n  Paper jam  \n");

        Map<String, Object> body = form.amendment(SHANGHAI);

        assertThat(body.get("assetIds")).isEqualTo(List.of("acme-prn-01", "acme-ups-01", "acme-srv-01"));
        assertThat((Map<String, Object>) body.get("what")).containsEntry("errorMessages", List.of("E-101", "Paper jam"));
    }

    @Test
    void continuesFromTheRecordedTicket() {
        CallForm form = CallForm.of(JSON.readTree("""
                {"customerId":"acme","assetIds":["a-1","a-2"],"when":{"occurredAt":"2026-12-04T01:30:00Z"},
                 "where":{"location":"财务室"},"what":{"symptom":"卡纸","errorMessages":["E-101"]},"how":null}"""),
                "\"3\"", SHANGHAI);

        assertThat(form.getOccurredAt()).isEqualTo("2026-12-04T09:30");
        assertThat(form.getAssetIds()).isEqualTo("a-1, a-2");
        assertThat(form.getLocation()).isEqualTo("财务室");
        assertThat(form.getErrorMessages()).isEqualTo("E-101");
        assertThat(form.getImpact()).isNull();
        assertThat(form.getEtag()).isEqualTo("\"3\"");
    }
}
