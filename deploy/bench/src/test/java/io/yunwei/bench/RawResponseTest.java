package io.yunwei.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.yunwei.bench.Gateway.Response;

class RawResponseTest {

    @Test
    void readsAChunkedProblem() {
        String raw = "HTTP/1.1 408 \r\nContent-Type: application/problem+json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n" + chunk("{\"code\":\"REQUES") + chunk("T_TIMEOUT\"}") + "0\r\n\r\n";

        Response response = RawResponse.parse(raw.getBytes(StandardCharsets.ISO_8859_1), 1);

        assertThat(response.status()).isEqualTo(408);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.text("code")).isEqualTo("REQUEST_TIMEOUT");
    }

    private static String chunk(String text) {
        return Integer.toHexString(text.length()) + "\r\n" + text + "\r\n";
    }

    @Test
    void readsABodyOfDeclaredLength() {
        String raw = "HTTP/1.1 413 Content Too Large\r\nContent-Type: application/problem+json\r\nContent-Length: 25\r\n"
                + "\r\n{\"code\":\"BODY_TOO_LARGE\"}";

        Response response = RawResponse.parse(raw.getBytes(StandardCharsets.ISO_8859_1), 1);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.text("code")).isEqualTo("BODY_TOO_LARGE");
    }

    @Test
    void answersNoStatusWhenTheConnectionClosedWithoutAResponse() {
        assertThat(RawResponse.parse(new byte[0], 1).status()).isZero();
    }
}
