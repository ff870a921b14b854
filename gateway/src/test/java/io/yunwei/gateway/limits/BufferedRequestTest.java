package io.yunwei.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import jakarta.servlet.ServletInputStream;

class BufferedRequestTest {

    private static MockHttpServletRequest chunked(String contentType) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/tickets");
        request.setContentType(contentType);
        request.addHeader("Transfer-Encoding", "chunked");
        return request;
    }

    private static List<byte[]> chunks(String... parts) {
        return java.util.Arrays.stream(parts).map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void readsTheBodyAcrossItsChunksAndThenIsFinished() throws IOException {
        BufferedRequest request = new BufferedRequest(chunked("application/json"), chunks("{\"te", "xt\":\"卡", "\"}"), 14);
        ServletInputStream in = request.getInputStream();

        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"卡\"}");
        assertThat(in.isFinished()).isTrue();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void declaresItsLengthInsteadOfChunkedFraming() {
        BufferedRequest request = new BufferedRequest(chunked("application/json"), chunks("{}"), 2);

        assertThat(request.getContentLengthLong()).isEqualTo(2);
        assertThat(request.getHeader("Content-Length")).isEqualTo("2");
        assertThat(request.getHeader("transfer-encoding")).isNull();
        assertThat(Collections.list(request.getHeaders("Transfer-Encoding"))).isEmpty();
        assertThat(Collections.list(request.getHeaderNames())).contains("Content-Type", "Content-Length")
                .noneMatch(name -> name.equalsIgnoreCase("Transfer-Encoding"));
    }

    @Test
    void readsAFormsFieldsFromTheHeldBodyAlongsideTheQuery() {
        MockHttpServletRequest form = chunked("application/x-www-form-urlencoded; charset=UTF-8");
        form.setCharacterEncoding("UTF-8");
        form.addParameter("from", "query");
        BufferedRequest request = new BufferedRequest(form,
                chunks("grant_type=client_credentials&scope=a%20b&scope=%E5%8D%A1"), 57);

        assertThat(request.getParameter("grant_type")).isEqualTo("client_credentials");
        assertThat(request.getParameterValues("scope")).containsExactly("a b", "卡");
        assertThat(request.getParameter("from")).isEqualTo("query");
    }

    @Test
    void leavesTheParametersOfOtherBodiesToTheQuery() {
        MockHttpServletRequest json = chunked("application/json");
        json.addParameter("size", "1");
        BufferedRequest request = new BufferedRequest(json, chunks("{\"a\"=\"b\"}"), 9);

        assertThat(request.getParameterMap()).containsOnlyKeys("size");
    }
}
