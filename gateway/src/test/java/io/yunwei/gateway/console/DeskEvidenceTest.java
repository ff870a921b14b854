package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.client.MockRestServiceServer;


/** The ticket page's evidence photos come through the console, fetched from the field API with the agent's token. */
class DeskEvidenceTest {

    private static final String API = FakeApi.URL;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

    private MockRestServiceServer field;
    private DeskController desk;

    @BeforeEach
    void consoleAgainstAFakeApi() {
        FakeApi fake = FakeApi.inOrder();
        field = fake.services;
        desk = new DeskController(fake.api, fake.properties, ApiProblemsTest.messages());
    }

    @Test
    void showsAPhotoInlineAsTheFieldApiKeepsIt() {
        field.expect(requestTo(API + "/api/v1/visits/t-1-V1/evidence/ev-1"))
                .andRespond(withSuccess(PNG, MediaType.IMAGE_PNG));

        ResponseEntity<byte[]> photo = desk.evidence("t-1-V1", "ev-1");

        assertThat(photo.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(photo.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(photo.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).startsWith("inline");
        assertThat(photo.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(photo.getHeaders().getCacheControl()).contains("private");
        assertThat(photo.getBody()).isEqualTo(PNG);
    }

    @Test
    void neverServesAnythingButAnImageInline() {
        field.expect(requestTo(API + "/api/v1/visits/t-1-V1/evidence/ev-2"))
                .andRespond(withSuccess("<script>alert(1)</script>", MediaType.TEXT_HTML));

        ResponseEntity<byte[]> file = desk.evidence("t-1-V1", "ev-2");

        assertThat(file.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
        assertThat(file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).startsWith("attachment");
    }

    @Test
    void aPhotoTheAgentMayNotSeeIsNotThere() {
        field.expect(requestTo(API + "/api/v1/visits/t-9-V1/evidence/ev-1"))
                .andRespond(withStatus(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body("{\"code\":\"FORBIDDEN\"}"));

        assertThat(desk.evidence("t-9-V1", "ev-1").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }
}
