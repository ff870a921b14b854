package io.yunwei.gateway.console;

import java.time.ZoneId;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.json.JsonMapper;

/**
 * The console's client of the API, talking to a fake one: each request the console sends must be expected on
 * {@link #services}, which answers it as told. The call centre's zone is Asia/Shanghai.
 */
final class FakeApi {

    static final String URL = "http://api.test";

    final MockRestServiceServer services;
    final ConsoleProperties properties;
    final ConsoleApi api;

    private FakeApi(boolean inAnyOrder) {
        RestClient.Builder builder = RestClient.builder();
        services = MockRestServiceServer.bindTo(builder).ignoreExpectOrder(inAnyOrder).build();
        properties = new ConsoleProperties("http://issuer.test", "console", "secret", null, null, null, null,
                "http://console.test", URL, ZoneId.of("Asia/Shanghai"));
        api = new ConsoleApi(builder, request -> null, JsonMapper.builder().build(), properties, new MockEnvironment());
    }

    /** Requests expected in the order they are sent. */
    static FakeApi inOrder() {
        return new FakeApi(false);
    }

    /** Requests expected in any order (a page that asks several services). */
    static FakeApi inAnyOrder() {
        return new FakeApi(true);
    }
}
