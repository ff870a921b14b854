package io.yunwei.field.visit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.core.io.ClassPathResource;

import io.yunwei.chassis.events.EventJson;
import io.yunwei.field.visit.VisitEvents.AssetInfoCollected;
import io.yunwei.field.visit.VisitEvents.CollectedAsset;
import io.yunwei.field.visit.VisitEvents.CustomerDecision;
import io.yunwei.field.visit.VisitEvents.Evaluation;
import io.yunwei.field.visit.VisitEvents.Findings;
import io.yunwei.field.visit.VisitEvents.InspectedAsset;
import io.yunwei.field.visit.VisitEvents.InspectionReport;
import io.yunwei.field.visit.VisitEvents.OfferedOption;
import io.yunwei.field.visit.VisitEvents.Outcome;
import io.yunwei.field.visit.VisitEvents.Remedy;
import io.yunwei.field.visit.VisitEvents.VisitCheckedIn;
import io.yunwei.field.visit.VisitEvents.VisitCompleted;
import io.yunwei.field.visit.VisitEvents.VisitDecisionRecorded;
import io.yunwei.field.visit.VisitEvents.VisitDecisionRequested;

/** Pins what field publishes: intake, dispatch and follow-up read these shapes. */
class VisitEventContractTest {

    private static final String TICKET = "0b6f7c1e-7a53-4c55-9a8e-2f4f3c1d9a10";
    private static final String VISIT = TICKET + "-V1";
    private static final String DISPATCH = TICKET + "-D1";

    @Test
    void checkedInKeepsItsWireShape() throws Exception {
        assertShape("visit.checked-in.v1",
                new VisitCheckedIn(TICKET, VISIT, DISPATCH, "eng-wang", Instant.parse("2026-11-25T02:00:00Z")));
    }

    @Test
    void decisionRequestedKeepsItsWireShape() throws Exception {
        assertShape("visit.decision-requested.v1", new VisitDecisionRequested(TICKET, VISIT, DISPATCH, "eng-wang",
                List.of(new OfferedOption("更换电池组", "一次解决", "需要订货，三天后再来"),
                        new OfferedOption("临时更换单节电池", "今天恢复", "半年内需要再次处理")),
                "更换电池组", Instant.parse("2026-11-25T02:30:00Z")));
    }

    @Test
    void decisionRecordedKeepsItsWireShape() throws Exception {
        assertShape("visit.decision-recorded.v1", new VisitDecisionRecorded(TICKET, VISIT, DISPATCH, "eng-wang",
                "更换电池组", "李经理", Instant.parse("2026-11-25T02:40:00Z")));
    }

    @Test
    void completedKeepsItsWireShape() throws Exception {
        assertShape("visit.completed.v1", new VisitCompleted(TICKET, VISIT, DISPATCH, "eng-wang", Outcome.REVISIT_NEEDED,
                false, true, "等待新电池组到货后安装", Instant.parse("2026-11-25T03:00:00Z"),
                Instant.parse("2026-11-28T01:00:00Z"), "acme",
                new Findings("UPS 告警灯闪烁", "电池组老化，容量不足", Instant.parse("2026-11-25T02:20:00Z")),
                new CustomerDecision(List.of(new OfferedOption("更换电池组", "一次解决", "需要订货，三天后再来")),
                        "更换电池组", "更换电池组", "李经理", Instant.parse("2026-11-25T02:40:00Z")),
                null, null, null, null));
    }

    @Test
    void resolvedCompletionCarriesTheVisitsFindings() throws Exception {
        assertShape("visit.completed.v1.resolved", new VisitCompleted(TICKET, VISIT, DISPATCH, "eng-wang",
                Outcome.RESOLVED, true, true, null, Instant.parse("2026-11-25T03:00:00Z"), null, "acme",
                new Findings("UPS 告警灯闪烁", "电池组老化，容量不足", Instant.parse("2026-11-25T02:20:00Z")), null,
                new Remedy("更换电池组", "市电中断时先关闭非关键负载", "每季度做一次放电测试",
                        Instant.parse("2026-11-25T02:50:00Z")),
                new InspectionReport(List.of(new InspectedAsset("acme-ups-02", "OK", "相邻 UPS 运行正常")),
                        Instant.parse("2026-11-25T02:45:00Z")),
                new Evaluation(5, "专业"), "李经理"));
    }

    @Test
    void assetInfoCollectedKeepsItsWireShape() throws Exception {
        assertShape("asset.info-collected.v1", new AssetInfoCollected(TICKET, VISIT, "eng-wang", "acme",
                List.of(new CollectedAsset("acme-ups-01", "NEEDS_ATTENTION", "电池已使用四年",
                        Map.of("model", "APC SRT3000", "serialNumber", "AS1234567"))),
                Instant.parse("2026-11-25T02:50:00Z")));
    }

    private static void assertShape(String type, Object event) throws Exception {
        JSONAssert.assertEquals(contract(type), EventJson.write(event), JSONCompareMode.STRICT);
    }

    private static String contract(String type) throws IOException {
        return new ClassPathResource("contracts/" + type + ".json").getContentAsString(StandardCharsets.UTF_8);
    }
}
