package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignInAgainTest {

    @Test
    void sendsThePolledPanelsBrowserBackToThePageItShows() {
        assertThat(SignInAgain.pageOf("https://desk.example.com/supervisor?lang=zh-CN")).isEqualTo("/supervisor?lang=zh-CN");
    }

    @Test
    void neverSendsTheBrowserToAnotherSite() {
        assertThat(SignInAgain.pageOf("https://desk.example.com//evil.example.com/board")).isEqualTo("/");
        assertThat(SignInAgain.pageOf("/\\\\evil.example.com")).isEqualTo("/");
        assertThat(SignInAgain.pageOf("javascript:alert(1)")).isEqualTo("/");
        assertThat(SignInAgain.pageOf(null)).isEqualTo("/");
    }
}
