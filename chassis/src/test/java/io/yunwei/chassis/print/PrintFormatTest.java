package io.yunwei.chassis.print;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintFormatTest {

    @Test
    void givesPdfOnlyWhenTheCallerPrefersIt() {
        assertThat(PrintFormat.wantsPdf("application/pdf")).isTrue();
        assertThat(PrintFormat.wantsPdf("text/html;q=0.5, application/pdf")).isTrue();
        assertThat(PrintFormat.wantsPdf("text/html, application/pdf;q=0.9")).isFalse();
        assertThat(PrintFormat.wantsPdf("*/*")).isFalse();
        assertThat(PrintFormat.wantsPdf(null)).isFalse();
        assertThat(PrintFormat.wantsPdf("not a media type;;")).isFalse();
    }
}
