package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionEndedTest {

    @Test
    void sendsThePolledPanelsBrowserBackToThePageItShows() {
        assertThat(SessionEnded.samePage("https://desk.example.com/supervisor?lang=zh-CN")).isEqualTo("/supervisor?lang=zh-CN");
    }

    @Test
    void neverSendsTheBrowserToAnotherSite() {
        assertThat(SessionEnded.samePage("https://desk.example.com//evil.example.com/board")).isEqualTo("/");
        assertThat(SessionEnded.samePage("/\\\\evil.example.com")).isEqualTo("/");
        assertThat(SessionEnded.samePage("javascript:alert(1)")).isEqualTo("/");
        assertThat(SessionEnded.samePage(null)).isEqualTo("/");
    }
}
