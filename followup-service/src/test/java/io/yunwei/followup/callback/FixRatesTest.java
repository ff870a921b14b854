package io.yunwei.followup.callback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixRatesTest {

    @Test
    void firstTimeFixCountsOnlyFirstClosuresThatHeld() {
        // 10 first closures, 2 of them recurred; their 2 second closures, 1 of which recurred again
        FixRates rates = new FixRates(12, 10, 3, 2);

        assertThat(rates.firstTimeFixRate()).isEqualTo(0.8);
        assertThat(rates.repeatFaultRate()).isEqualTo(0.25);
    }

    @Test
    void hasNoRateBeforeAnyClosure() {
        assertThat(new FixRates(0, 0, 0, 0).firstTimeFixRate()).isNaN();
    }
}
