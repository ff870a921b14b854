package io.yunwei.followup.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.yunwei.followup.supervisor.ResponsibleSupervisor.Responsibility;

class ResponsibleSupervisorTest {

    private final ResponsibleSupervisor responsible = new ResponsibleSupervisor(new SupervisorProperties("sup-desk",
            Map.of("acme", "sup-acme"), Map.of("310115", "sup-pudong")));

    @Test
    void anAccountSupervisorComesBeforeTheAreaSupervisor() {
        assertThat(responsible.of("acme", "310115")).isEqualTo(new Responsibility("sup-acme", "CUSTOMER:acme"));
    }

    @Test
    void theAreaSupervisorAnswersForCustomersWithoutTheirOwn() {
        assertThat(responsible.of("globex", "310115")).isEqualTo(new Responsibility("sup-pudong", "AREA:310115"));
    }

    @Test
    void theDefaultSupervisorGetsWhatNobodyElseCovers() {
        assertThat(responsible.of("globex", null)).isEqualTo(new Responsibility("sup-desk", "DEFAULT"));
        assertThat(new ResponsibleSupervisor(new SupervisorProperties(null, null, null)).of("acme", "310115"))
                .isEqualTo(new Responsibility("supervisor", "DEFAULT"));
    }
}
