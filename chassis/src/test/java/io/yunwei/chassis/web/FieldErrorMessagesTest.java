package io.yunwei.chassis.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A value that cannot be read as its field's type is refused with what the field allows. */
class FieldErrorMessagesTest {

    enum Impact { HIGH, MEDIUM, LOW }

    record How(Impact impact, Integer affectedUsers) {
    }

    record Report(How how, OffsetDateTime occurredAt) {
    }

    @RestController
    static class Reports {

        @PostMapping("/reports")
        String record(@RequestBody Report report) {
            return "ok";
        }

        @GetMapping("/reports")
        String list(@RequestParam(required = false) List<Impact> impact) {
            return "ok";
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Reports())
            .setControllerAdvice(new ProblemHandler()).build();

    @Test
    void namesTheAllowedValuesOfAnEnumInTheBody() throws Exception {
        mvc.perform(post("/reports").contentType(MediaType.APPLICATION_JSON).content("{\"how\":{\"impact\":\"SEVERE\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("how.impact"))
                .andExpect(jsonPath("$.errors[0].message").value("must be one of HIGH, MEDIUM, LOW"));
    }

    @Test
    void namesTheAllowedValuesOfAnEnumInARepeatableParameter() throws Exception {
        mvc.perform(get("/reports").param("impact", "HIGH", "SEVERE"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("impact"))
                .andExpect(jsonPath("$.errors[0].message").value("must be one of HIGH, MEDIUM, LOW"));
    }

    @Test
    void saysATimeMustCarryItsOffset() throws Exception {
        mvc.perform(post("/reports").contentType(MediaType.APPLICATION_JSON).content("{\"occurredAt\":\"yesterday\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("occurredAt"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.startsWith(
                        "must be a date and time with its offset")));
    }

    @Test
    void saysANumberMustBeWhole() throws Exception {
        mvc.perform(post("/reports").contentType(MediaType.APPLICATION_JSON)
                .content("{\"how\":{\"affectedUsers\":\"many\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("how.affectedUsers"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a whole number in range"));
    }
}
