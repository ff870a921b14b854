package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

import tools.jackson.databind.json.JsonMapper;

class ApiProblemsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ApiProblems problems = new ApiProblems(messages());

    @Test
    void placesEachFieldErrorNextToTheFormFieldItWasTypedIn() {
        assertThat(ApiProblems.formField("where.location")).isEqualTo("location");
        assertThat(ApiProblems.formField("what.errorMessages[2]")).isEqualTo("errorMessages");
        assertThat(ApiProblems.formField("assetIds[0].<list element>")).isEqualTo("assetIds");
        assertThat(ApiProblems.formField("reporter.name")).isEqualTo("reporterName");
        assertThat(ApiProblems.formField("channel")).isNull();
    }

    @Test
    void saysAKnownProblemInTheUsersLanguageByItsField() {
        ConsoleApi.Answer unknownCustomer = answer(422, """
                {"code":"UNKNOWN_CUSTOMER","detail":"There is no customer nobody.","field":"customerId",
                 "errors":[{"field":"customerId","message":"There is no customer nobody."}]}""");

        ApiProblems.Shown chinese = problems.show(unknownCustomer, Locale.SIMPLIFIED_CHINESE);
        ApiProblems.Shown english = problems.show(unknownCustomer, Locale.ENGLISH);

        assertThat(chinese.byField()).isEqualTo(Map.of("customerId", List.of("没有这个编号的客户。")));
        assertThat(english.byField()).isEqualTo(Map.of("customerId", List.of("There is no customer with this id.")));
        assertThat(chinese.general()).isEmpty();
    }

    @Test
    void keepsTheApisWordsForAFieldItHasNoWordsFor() {
        ConsoleApi.Answer tooLong = answer(400, """
                {"code":"VALIDATION_FAILED","errors":[{"field":"where.location","message":"size must be between 0 and 500"}]}""");

        assertThat(problems.show(tooLong, Locale.SIMPLIFIED_CHINESE).byField())
                .isEqualTo(Map.of("location", List.of("未被接受:size must be between 0 and 500")));
    }

    @Test
    void showsAProblemWithoutFieldsAboveTheForm() {
        ConsoleApi.Answer stale = answer(412, """
                {"code":"PRECONDITION_FAILED","detail":"The ticket has changed."}""");

        ApiProblems.Shown shown = problems.show(stale, Locale.ENGLISH);

        assertThat(shown.byField()).isEmpty();
        assertThat(shown.general()).singleElement().asString().startsWith("Someone else changed this ticket");
    }

    private static ConsoleApi.Answer answer(int status, String body) {
        return new ConsoleApi.Answer(status, JSON.readTree(body), null);
    }

    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
