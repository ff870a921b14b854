package io.yunwei.followup.callback;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FixRatesController {

    private final FollowupMetrics metrics;

    FixRatesController(FollowupMetrics metrics) {
        this.metrics = metrics;
    }

    /** How often fixes hold, from the totals follow-up keeps in one document as closures and recurrences happen. */
    @GetMapping("/api/v1/supervisor/fix-rates")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    FixRatesView fixRates() {
        return FixRatesView.of(metrics.rates());
    }

    /** The totals and the two rates; a rate is null until there is a closure to divide by. */
    record FixRatesView(long closures, long firstClosures, long recurrences, long firstCycleRecurrences,
            Double firstTimeFixRate, Double repeatFaultRate) {

        static FixRatesView of(FixRates rates) {
            return new FixRatesView(rates.closures(), rates.firstClosures(), rates.recurrences(),
                    rates.firstCycleRecurrences(), rate(rates.firstTimeFixRate()), rate(rates.repeatFaultRate()));
        }

        private static Double rate(double value) {
            return Double.isNaN(value) ? null : value;
        }
    }
}
