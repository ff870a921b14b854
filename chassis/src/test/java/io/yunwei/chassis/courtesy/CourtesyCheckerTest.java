package io.yunwei.chassis.courtesy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class CourtesyCheckerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CourtesyChecker checker = CourtesyChecker.withExtraLexicons(List.of(), meters);

    @Test
    void findsADisrespectfulAddressAndADeflectionWithTheirPositions() {
        List<CourtesyFinding> findings = checker.check("哥们儿,这不是我的事,你自己去问", Locale.SIMPLIFIED_CHINESE);

        assertThat(findings).extracting(CourtesyFinding::category).containsExactly(CourtesyCategory.FORM_OF_ADDRESS,
                CourtesyCategory.DEFLECTION, CourtesyCategory.DEFLECTION);
        assertThat(findings).extracting(CourtesyFinding::phrase).containsExactly("哥们儿", "这不是我的事", "你自己去问");
        assertThat(findings.getFirst().start()).isZero();
        assertThat(findings.getFirst().end()).isEqualTo(3);
        assertThat(findings.get(1).start()).isEqualTo(4);
        assertThat(findings).allSatisfy(f -> assertThat(f.suggestion()).isNotBlank());
    }

    @Test
    void doesNotTakeADefiniteWordForAVagueOne() {
        assertThat(checker.check("这种情况不可能再出现，可能性为零", Locale.SIMPLIFIED_CHINESE)).isEmpty();
        assertThat(checker.check("这种情况可能再出现", Locale.SIMPLIFIED_CHINESE))
                .extracting(CourtesyFinding::category).containsExactly(CourtesyCategory.VAGUENESS);
    }

    @Test
    void matchesEnglishPhrasesAsWholeWordsIgnoringCase() {
        assertThat(checker.check("They will arrive at 10:00; the engineer is on the way.", Locale.ENGLISH)).isEmpty();
        assertThat(checker.check("Hey, MAYBE tomorrow. What kind of printer is it?", Locale.ENGLISH))
                .extracting(CourtesyFinding::phrase).containsExactly("Hey", "MAYBE");
    }

    @Test
    void checksMixedTextInEveryLanguageWhenNoLocaleIsGiven() {
        assertThat(checker.check("美女, maybe 明天", null)).extracting(CourtesyFinding::category)
                .containsExactly(CourtesyCategory.FORM_OF_ADDRESS, CourtesyCategory.VAGUENESS);
    }

    @Test
    void refusesADiscourteousTextWithItsFindings() {
        assertThatThrownBy(() -> checker.requireCourteous("preNotice", "你再说一遍?", Locale.SIMPLIFIED_CHINESE))
                .isInstanceOfSatisfying(DiscourteousTextException.class, e -> {
                    assertThat(e.code()).isEqualTo("DISCOURTEOUS_TEXT");
                    assertThat(e.properties()).containsEntry("field", "preNotice");
                });
        assertThat(meters.counter("yunwei.courtesy.findings", "category", "IMPATIENCE").count()).isEqualTo(1.0);
    }

    @Test
    void tellsOfARefusalButNotOfACheckOrACourteousText() {
        List<String> told = new java.util.ArrayList<>();
        CourtesyChecker counted = CourtesyChecker.withExtraLexicons(List.of(), meters,
                (field, findings) -> told.add(field + ":" + findings.size()));

        counted.check("你再说一遍?", Locale.SIMPLIFIED_CHINESE);
        counted.requireCourteous("preNotice", "您好,工程师明天上午十点到达。", Locale.SIMPLIFIED_CHINESE);
        assertThatThrownBy(() -> counted.requireCourteous("causeExplained", "大概是电源坏了,你自己去问",
                Locale.SIMPLIFIED_CHINESE)).isInstanceOf(DiscourteousTextException.class);

        assertThat(told).containsExactly("causeExplained:2");
    }

    @Test
    void takesPhrasesAndExceptionsFromAnOrganisationsOwnLexicon(@TempDir Path dir) throws Exception {
        Path extra = Files.writeString(dir.resolve("zh.tsv"), "VAGUENESS\t回头再说\t我们约定一个具体时间\nEXCEPT\t我不知道该怎么感谢\n");
        CourtesyChecker extended = CourtesyChecker.withExtraLexicons(List.of(extra), meters);

        assertThat(extended.check("这个回头再说", Locale.SIMPLIFIED_CHINESE)).extracting(CourtesyFinding::phrase)
                .containsExactly("回头再说");
        assertThat(extended.check("我不知道该怎么感谢您", Locale.SIMPLIFIED_CHINESE)).isEmpty();
    }
}
