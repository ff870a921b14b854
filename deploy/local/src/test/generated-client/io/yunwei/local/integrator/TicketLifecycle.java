package io.yunwei.local.integrator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.yunwei.client.ApiClient;
import io.yunwei.client.ApiException;
import io.yunwei.client.api.TicketsApi;
import io.yunwei.client.api.VisitsApi;
import io.yunwei.client.model.ChecklistBody;
import io.yunwei.client.model.CompletionBody;
import io.yunwei.client.model.DiagnosisBody;
import io.yunwei.client.model.EntryTopic;
import io.yunwei.client.model.EvaluationBody;
import io.yunwei.client.model.HowBody;
import io.yunwei.client.model.InspectionBody;
import io.yunwei.client.model.ItemBody;
import io.yunwei.client.model.NewTicket;
import io.yunwei.client.model.QuestionBody;
import io.yunwei.client.model.ResolutionBody;
import io.yunwei.client.model.ServiceFormBody;
import io.yunwei.client.model.TicketView;
import io.yunwei.client.model.TimelineEntry;
import io.yunwei.client.model.VisitView;
import io.yunwei.client.model.WhatBody;
import io.yunwei.client.model.WhenBody;
import io.yunwei.client.model.WhereBody;
import io.yunwei.client.model.WhoBody;
import io.yunwei.client.model.WhyBody;

/**
 * What an integrator writes against the Java client openapi-generator makes from Yunwei's published API description:
 * an engineer reports an inspection finding, dispatch assigns it, the engineer works the visit, and intake closes the
 * ticket. Compiled with the generated client by {@code GeneratedClientIT}, not by the build: the client exists only
 * once the running system has published its description. The client is used as generated; only the base URI (from
 * the description's {@code servers}) and the bearer token are the integrator's.
 *
 * <p>Given a token per demo client id, answers the ticket's id, final status and the types on its timeline.
 */
public final class TicketLifecycle implements Function<Function<String, String>, Map<String, Object>> {

    private static final Duration STEP = Duration.ofSeconds(90);
    private static final String SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    @Override
    public Map<String, Object> apply(Function<String, String> tokens) {
        try {
            TicketsApi engineerTickets = new TicketsApi(client(tokens, "engineer-wang"));
            TicketView reported = engineerTickets.recordTicket(finding(), UUID.randomUUID().toString());
            if (reported.getStatus() != TicketView.StatusEnum.OPEN) {
                throw new IllegalStateException("a complete inspection finding opens at once, but is " + reported.getStatus());
            }
            String ticket = reported.getId();

            TicketsApi agentTickets = new TicketsApi(client(tokens, "agent"));
            String engineer = await().atMost(STEP).until(() -> agentTickets.getTicket(ticket),
                    view -> view.getStatus() == TicketView.StatusEnum.ASSIGNED).getEngineerId();
            workTheVisit(new VisitsApi(client(tokens, engineer.equals("eng-wang") ? "engineer-wang" : "engineer-li")),
                    ticket);

            TicketView closed = await().atMost(STEP).until(() -> agentTickets.getTicket(ticket),
                    view -> view.getStatus() == TicketView.StatusEnum.CLOSED);
            List<String> timeline = agentTickets.getTicketTimeline(ticket).stream().map(TimelineEntry::getType).toList();
            return Map.of("ticket", ticket, "status", closed.getStatus().getValue(), "timeline", timeline);
        } catch (ApiException e) {
            throw new IllegalStateException(e.getCode() + " " + e.getResponseBody(), e);
        }
    }

    private static void workTheVisit(VisitsApi visits, String ticket) throws ApiException {
        String visit = await().atMost(STEP).until(() -> visits.listVisits(null, "PLANNED", 200).stream()
                .filter(view -> ticket.equals(view.getTicketId())).map(VisitView::getId).findFirst().orElse(null),
                id -> id != null);
        visits.checkIn(visit, UUID.randomUUID().toString());
        visits.putSiteChecklist(visit, new ChecklistBody().uniformWorn(true).badgeShown(true).questions(List.of(
                asked(EntryTopic.SHOE_COVERS), asked(EntryTopic.ANTI_STATIC),
                asked(EntryTopic.REGISTRATION), asked(EntryTopic.OTHER_RULES))), null);
        visits.recordDiagnosis(visit, new DiagnosisBody().symptomRestated("UPS 告警灯闪烁")
                .causeExplained("电池组老化，储电不足，所以告警"), UUID.randomUUID().toString());
        visits.recordInspection(visit, new InspectionBody().items(List.of(new ItemBody().assetId("acme-ups-01")
                .status(ItemBody.StatusEnum.OK).note("更换后自检正常"))), UUID.randomUUID().toString());
        visits.recordResolution(visit, new ResolutionBody().solution("更换 UPS 电池组").emergencyHandling("告警时切换旁路")
                .maintenanceAdvice("每季度做一次放电测试"), UUID.randomUUID().toString());
        visits.signServiceForm(visit, new ServiceFormBody().signerName("张伟").signature(SIGNATURE)
                .evaluation(new EvaluationBody().score(5).comment("专业")), UUID.randomUUID().toString());
        visits.completeVisit(visit, new CompletionBody().outcome(CompletionBody.OutcomeEnum.RESOLVED).cleanupDone(true),
                UUID.randomUUID().toString());
    }

    private static NewTicket finding() {
        return new NewTicket().channel(NewTicket.ChannelEnum.INSPECTION).customerId("acme").siteId("acme-hq")
                .assetIds(List.of("acme-ups-01"))
                .when(new WhenBody().occurredAt(OffsetDateTime.parse("2026-11-25T09:30:00+08:00")))
                .who(new WhoBody().reportedBy("王工")).where(new WhereBody().location("机房 A 排 3 号柜"))
                .what(new WhatBody().symptom("UPS 告警灯闪烁").errorMessages(List.of("E21")))
                .why(new WhyBody().suspectedCause("电池老化"))
                .how(new HowBody().discoveredHow("巡检发现").impact(HowBody.ImpactEnum.HIGH)
                        .urgency(HowBody.UrgencyEnum.MEDIUM));
    }

    private static QuestionBody asked(EntryTopic topic) {
        return new QuestionBody().topic(topic).asked(true).answer(QuestionBody.AnswerEnum.REQUIRED).complied(true);
    }

    /** The generated client as generated: its base URI is the description's server; the token is the caller's. */
    private static ApiClient client(Function<String, String> tokens, String clientId) {
        String token = tokens.apply(clientId);
        return new ApiClient().setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    }
}
