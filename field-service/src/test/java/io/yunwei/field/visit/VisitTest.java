package io.yunwei.field.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.field.visit.Visit.Completion;
import io.yunwei.field.visit.Visit.EntryAnswer;
import io.yunwei.field.visit.Visit.EntryQuestion;
import io.yunwei.field.visit.Visit.EntryTopic;
import io.yunwei.field.visit.Visit.Planned;
import io.yunwei.field.visit.Visit.SiteAccessRules;
import io.yunwei.field.visit.Visit.SiteChecklist;
import io.yunwei.field.visit.VisitEvents.Outcome;

class VisitTest {

    private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");

    @Test
    void asksAboutEverythingWhileTheSiteRulesAreUnknown() {
        assertThat(SiteChecklist.required(null))
                .containsExactlyInAnyOrder(EntryTopic.SHOE_COVERS, EntryTopic.ANTI_STATIC, EntryTopic.REGISTRATION);
    }

    @Test
    void asksAboutOtherRulesWhenTheSiteHasNotes() {
        assertThat(SiteChecklist.required(new SiteAccessRules(false, true, false, "机房内禁止饮水")))
                .containsExactlyInAnyOrder(EntryTopic.SHOE_COVERS, EntryTopic.OTHER_RULES);
    }

    @Test
    void needsOnlyUniformAndBadgeWhereTheSiteHasNoRules() {
        SiteChecklist checklist = new SiteChecklist(true, true, List.of(), NOW);
        assertThat(checklist.missing(new SiteAccessRules(false, false, false, null))).isEmpty();
    }

    @Test
    void countsAQuestionWithoutTheCustomersAnswerAsNotAsked() {
        SiteChecklist checklist = new SiteChecklist(true, true,
                List.of(new EntryQuestion(EntryTopic.REGISTRATION, true, null, false, null)), NOW);
        assertThat(checklist.missing(new SiteAccessRules(true, false, false, null))).containsExactly("ASK_REGISTRATION");
    }

    @Test
    void refusesToCompleteAVisitTwice() {
        Visit visit = new Visit("t-V1", new Planned("t-D1", "eng", "acme", "s1", new SiteAccessRules(false, false, false, null),
                null), NOW);
        visit.checkIn(NOW);
        visit.recordChecklist(new SiteChecklist(true, true, List.of(), NOW));
        visit.diagnose(new Visit.Diagnosis("卡纸", "进纸辊磨损", NOW));
        Completion unresolved = new Completion(Outcome.UNRESOLVED, true, null, null, NOW);
        visit.complete(unresolved);

        assertThatThrownBy(() -> visit.complete(unresolved)).isInstanceOf(ApiProblem.class)
                .extracting(e -> ((ApiProblem) e).code()).isEqualTo("ILLEGAL_TRANSITION");
    }

    @Test
    void holdsTheEngineerToARuleTheCustomerConfirmed() {
        SiteChecklist checklist = new SiteChecklist(true, true,
                List.of(new EntryQuestion(EntryTopic.ANTI_STATIC, true, EntryAnswer.REQUIRED, false, null)), NOW);
        assertThat(checklist.missing(new SiteAccessRules(false, false, true, null))).containsExactly("COMPLY_ANTI_STATIC");
    }
}
