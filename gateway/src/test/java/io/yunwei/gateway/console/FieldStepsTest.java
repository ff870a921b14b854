package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The phone's forms become the bodies the field and dispatch APIs take. */
class FieldStepsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void checklistAsksOnlyTheTopicsTheFormShowedWithTheCustomersAnswers() {
        MultiValueMap<String, String> form = form(Map.of("uniformWorn", "on", "asked.SHOE_COVERS", "on",
                "answer.SHOE_COVERS", "REQUIRED", "complied.SHOE_COVERS", "on", "answer.REGISTRATION", ""));

        FieldSteps.Call call = FieldSteps.visitStep("site-checklist", form, SHANGHAI);

        assertThat(call.method()).isEqualTo(HttpMethod.PUT);
        assertThat(call.body()).isEqualTo(Map.of("uniformWorn", true, "badgeShown", false, "questions", List.of(
                question("SHOE_COVERS", true, "REQUIRED", true), question("REGISTRATION", false, null, false))));
    }

    @Test
    void aRefusedConsentIsSentAsARefusal() {
        FieldSteps.Call call = FieldSteps.visitStep("consents",
                form(Map.of("type", "PHOTO", "grantedBy", " 李娜 ", "answer", "REFUSED")), SHANGHAI);

        assertThat(call.path()).isEqualTo("/api/v1/visits/{id}/consents");
        assertThat(call.body()).isEqualTo(Map.of("type", "PHOTO", "grantedBy", "李娜", "refused", true));
    }

    @Test
    void serviceFormCarriesTheSignatureImageAndTheEvaluation() {
        FieldSteps.Call call = FieldSteps.visitStep("service-form", form(Map.of("signerName", "李娜",
                "signature", "data:image/png;base64,iVBOR", "score", "5", "comment", "")), SHANGHAI);

        Map<String, Object> evaluation = new java.util.LinkedHashMap<>();
        evaluation.put("score", 5);
        evaluation.put("comment", null);
        assertThat(call.body()).isEqualTo(Map.of("signerName", "李娜", "signature", "data:image/png;base64,iVBOR",
                "evaluation", evaluation));
    }

    @Test
    void appointmentWindowIsTypedInTheConsolesZone() {
        FieldSteps.Call call = FieldSteps.dispatchStep("appointment", form(Map.of("windowStart", "2026-12-05T14:00",
                "windowEnd", "2026-12-05T16:00", "contactName", "李娜", "contactPhone", "13800000000",
                "preNotice", "您好")), SHANGHAI);

        assertThat(call.body()).isEqualTo(Map.of("windowStart", "2026-12-05T14:00+08:00",
                "windowEnd", "2026-12-05T16:00+08:00", "preNotice", "您好",
                "contactOnArrival", Map.of("name", "李娜", "phone", "13800000000")));
    }

    @Test
    void photoComesAsADataUrlAndAnythingElseIsNoPhoto() {
        FieldSteps.Photo photo = FieldSteps.photo("data:image/jpeg;base64,/9j/4AAQ");

        assertThat(photo.filename()).isEqualTo("photo.jpg");
        assertThat(photo.content()).startsWith((byte) 0xff, (byte) 0xd8, (byte) 0xff);
        assertThat(FieldSteps.photo("data:text/html;base64,PGI+")).isNull();
        assertThat(FieldSteps.photo("data:image/png;base64,%%%")).isNull();
        assertThat(FieldSteps.photo(null)).isNull();
    }

    @Test
    void anUnknownStepIsNoCall() {
        assertThat(FieldSteps.visitStep("teleport", form(Map.of()), SHANGHAI)).isNull();
        assertThat(FieldSteps.dispatchStep("check-in", form(Map.of()), SHANGHAI)).isNull();
    }

    private static Map<String, Object> question(String topic, boolean asked, String answer, boolean complied) {
        Map<String, Object> question = new java.util.LinkedHashMap<>();
        question.put("topic", topic);
        question.put("asked", asked);
        question.put("answer", answer);
        question.put("complied", complied);
        question.put("note", null);
        return question;
    }

    private static MultiValueMap<String, String> form(Map<String, String> fields) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        fields.forEach(form::add);
        return form;
    }
}
