package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricReferencesTest {

    @Test
    void findsTheSeriesOfAQuantileOverAHistogramButNotItsFunctionsLabelsOrVariables() {
        assertThat(MetricReferences.namesIn(
                "histogram_quantile(0.9, sum by (le, priority) (rate(yunwei_dispatch_time_to_assign_seconds_bucket[$__rate_interval])))"))
                .containsExactly("yunwei_dispatch_time_to_assign_seconds_bucket");
    }

    @Test
    void findsBothSidesOfARatioAndIgnoresLabelValuesThatLookLikeNames() {
        assertThat(MetricReferences.namesIn("""
                sum(increase(yunwei_calls_answered_total{within_three_rings="true", job=~"yunwei_x"}[1h]))
                  / on() group_left sum(increase(yunwei_calls_unanswered_total[1h])) > 0.9
                and sum(increase(yunwei_calls_answered_total[1h])) >= 10 unless up == 0"""))
                .containsExactlyInAnyOrder("yunwei_calls_answered_total", "yunwei_calls_unanswered_total", "up");
    }

    @Test
    void treatsAWordAfterTheRangeAsAnOffsetKeywordAndTopkArgumentsAsNumbers() {
        assertThat(MetricReferences.namesIn("topk(5, max by (application, uri) (http_server_requests_seconds_max offset 5m))"))
                .containsExactly("http_server_requests_seconds_max");
    }

    @Test
    void aScrapeExposesACounterOnlyWithItsTotalSuffixAndAHistogramWithItsBucketSuffix() {
        Scrape scrape = Scrape.parse("intake-service", """
                # HELP yunwei_tickets_recorded_total Tickets recorded
                # TYPE yunwei_tickets_recorded_total counter
                yunwei_tickets_recorded_total{application="intake-service",channel="PHONE"} 3.0
                # HELP yunwei_calls_answer_time_seconds Ringing time
                # TYPE yunwei_calls_answer_time_seconds histogram
                yunwei_calls_answer_time_seconds_bucket{application="intake-service",le="1.0"} 0
                yunwei_calls_answer_time_seconds_count{application="intake-service"} 0
                yunwei_calls_answer_time_seconds_sum{application="intake-service"} 0.0
                # TYPE yunwei_outbox_backlog gauge
                yunwei_outbox_backlog{application="intake-service"} 0.0
                """);

        assertThat(scrape.exposes("yunwei_tickets_recorded_total")).isTrue();
        assertThat(scrape.exposes("yunwei_calls_answer_time_seconds_bucket")).isTrue();
        assertThat(scrape.exposes("yunwei_calls_answer_time_seconds_count")).isTrue();
        assertThat(scrape.exposes("yunwei_outbox_backlog")).isTrue();
        assertThat(scrape.exposes("yunwei_outbox_backlog_total")).isFalse();
        assertThat(scrape.exposes("yunwei_calls_answer_time_seconds_total")).isFalse();
        assertThat(scrape.families().get("yunwei_tickets_recorded_total").labels())
                .containsExactly("application", "channel");
    }

    @Test
    void aMeterBuiltOnFirstUseIsFoundByItsNameInTheCode() {
        DeclaredMetrics declared = DeclaredMetrics.in(StackConfig.locateRepoRoot());

        assertThat(declared.declaring("yunwei_sla_breaches_total")).contains("intake-service");
        assertThat(declared.declaring("yunwei_dispatch_time_to_arrival_seconds_bucket")).contains("dispatch-service");
        assertThat(declared.declaring("yunwei_no_such_thing_total")).isEmpty();
    }
}
