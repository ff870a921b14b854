package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

/** Every service's OpenAPI description is browsable at the gateway, without a token. */
class ApiDocumentationIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @CsvSource({ "intake, /api/v1/tickets", "dispatch, /api/v1/dispatches/{id}", "field, /api/v1/visits/{id}/completion",
            "followup, /api/v1/callbacks" })
    void describesEachServicesApiAsOpenApi31WithItsBearerScheme(String service, String path) throws Exception {
        HttpResponse<String> docs = get("/docs/" + service);

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(docs.body(), "$.openapi")).startsWith("3.1");
        assertThat((Map<String, Object>) JsonPath.read(docs.body(), "$.paths")).containsKey(path);
        assertThat((String) JsonPath.read(docs.body(), "$.components.securitySchemes.bearer-jwt.scheme")).isEqualTo("bearer");
    }

    @Test
    void servesTheBrowsableUiListingEveryService() throws Exception {
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
        HttpResponse<String> config = get("/v3/api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        List<String> names = JsonPath.read(config.body(), "$.urls[*].name");
        assertThat(names).containsExactlyInAnyOrder("intake", "dispatch", "field", "followup");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(RunningSystem.stack().gatewayUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
