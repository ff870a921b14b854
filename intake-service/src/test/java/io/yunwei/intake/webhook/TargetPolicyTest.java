package io.yunwei.intake.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.yunwei.chassis.web.ApiProblem;

class TargetPolicyTest {

    private final TargetPolicy production = new TargetPolicy(new WebhookPolicy("k", null, List.of(), true, null, null,
            null, null, null, null, null, null));

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "10.0.0.8", "172.16.4.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd12:3456::1", "::ffff:10.0.0.1", "::" })
    void addressesInsideTheNetworkAreInternal(String address) throws Exception {
        assertThat(TargetPolicy.internal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "8.8.8.8", "203.0.114.7", "2001:4860:4860::8888", "::ffff:8.8.8.8" })
    void publicAddressesAreNot(String address) throws Exception {
        assertThat(TargetPolicy.internal(InetAddress.getByName(address))).isFalse();
    }

    @Test
    void productionRequiresHttpsAndPublicHosts() {
        assertThatThrownBy(() -> production.accepted("url", "http://8.8.8.8/hook")).isInstanceOf(ApiProblem.class)
                .satisfies(e -> assertThat(((ApiProblem) e).properties().get("errors").toString()).contains("https"));
        assertThatThrownBy(() -> production.accepted("url", "https://127.0.0.1/hook")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> production.accepted("url", "https://localhost/hook")).isInstanceOf(ApiProblem.class);
        assertThat(production.accepted("url", "https://8.8.8.8/hook")).hasHost("8.8.8.8");
    }

    @Test
    void theSendersResolverRefusesInternalAddressesUnlessTheHostIsAllowed() throws Exception {
        assertThatThrownBy(() -> production.resolver().resolve("localhost"))
                .isInstanceOf(TargetPolicy.InternalAddressException.class);
        TargetPolicy local = new TargetPolicy(new WebhookPolicy("k", null, List.of("LocalHost"), false, null, null, null,
                null, null, null, null, null));
        assertThat(local.resolver().resolve("localhost")).isNotEmpty();
        assertThat(local.accepted("url", "http://localhost:9000/hook")).hasPort(9000);
    }
}
