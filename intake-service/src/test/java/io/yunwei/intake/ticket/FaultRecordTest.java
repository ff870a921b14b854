package io.yunwei.intake.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.yunwei.intake.ticket.FaultRecord.Dimension;
import io.yunwei.intake.ticket.FaultRecord.Level;

class FaultRecordTest {

    @Test
    void aRecordWithEverySixAnswersIsComplete() {
        FaultRecord record = new FaultRecord(new FaultRecord.When(Instant.now()), new FaultRecord.Who("王工", null),
                new FaultRecord.Where("3 楼"), new FaultRecord.What("卡纸", List.of()), new FaultRecord.Why("未知，待查"),
                new FaultRecord.How("用户报告", Level.LOW, Level.LOW));

        assertThat(record.completeness().complete()).isTrue();
        assertThat(record.completeness().score()).isEqualTo(1.0);
    }

    @Test
    void blankAnswersCountAsMissing() {
        FaultRecord record = new FaultRecord(null, new FaultRecord.Who("  ", null), new FaultRecord.Where("3 楼"),
                new FaultRecord.What("卡纸", List.of()), null, new FaultRecord.How("用户报告", Level.HIGH, null));

        assertThat(record.completeness().missing()).containsExactly(Dimension.WHEN, Dimension.WHO, Dimension.WHY,
                Dimension.HOW);
        assertThat(record.completeness().score()).isEqualTo(0.33);
    }

    @Test
    void priorityFollowsImpactAndUrgency() {
        assertThat(Priority.of(Level.HIGH, Level.HIGH)).isEqualTo(Priority.P1);
        assertThat(Priority.of(Level.HIGH, Level.MEDIUM)).isEqualTo(Priority.P2);
        assertThat(Priority.of(Level.MEDIUM, Level.MEDIUM)).isEqualTo(Priority.P3);
        assertThat(Priority.of(Level.LOW, Level.LOW)).isEqualTo(Priority.P4);
    }

    @Test
    void aClosedTicketCanOnlyBeReopened() {
        assertThat(TicketStatus.CLOSED.next()).containsExactly(TicketStatus.REOPENED);
        assertThat(TicketStatus.CANCELLED.next()).isEmpty();
        assertThat(TicketStatus.RECORDED.allows(TicketStatus.ASSIGNED)).isFalse();
    }
}
