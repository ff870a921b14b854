package io.yunwei.chassis.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

class ApiExamplesTest {

    private static final String EXAMPLES = """
            {"examples": {"Ticket": {"summary": "a ticket", "value": {"id": "t-1", "status": "OPEN"}}},
             "operations": {
               "POST /api/v1/tickets": {
                 "request": {"customer-call-zh": {"summary": "客户来电", "value": {"channel": "CUSTOMER_CALL",
                     "what": {"symptom": "UPS 告警灯闪烁"}}}},
                 "responses": {
                   "201": {"recorded": {"$ref": "Ticket"}},
                   "400": {"validation-failed": {"$ref": "ValidationFailed"}}}},
               "GET /api/v1/tickets/{id}": {
                 "responses": {"404": {"not-found": {"$ref": "NotFound"}}}},
               "DELETE /api/v1/gone": {"responses": {"204": {"gone": {"value": null}}}}}}
            """;

    @Test
    void addsRequestExamplesToTheOperationsDeclaredMediaType() {
        OpenAPI api = described();

        ApiExamples.of(getClass().getClassLoader(), EXAMPLES).customise(api);

        MediaType json = api.getPaths().get("/api/v1/tickets").getPost().getRequestBody().getContent()
                .get("application/json");
        assertThat(json.getExamples()).containsKey("customer-call-zh");
        assertThat(json.getExamples().get("customer-call-zh").getSummary()).isEqualTo("客户来电");
        assertThat((Map<String, Object>) json.getExamples().get("customer-call-zh").getValue())
                .containsEntry("channel", "CUSTOMER_CALL");
    }

    @Test
    void refersResponseExamplesToSharedComponents() {
        OpenAPI api = described();

        ApiExamples.of(getClass().getClassLoader(), EXAMPLES).customise(api);

        ApiResponse created = api.getPaths().get("/api/v1/tickets").getPost().getResponses().get("201");
        assertThat(created.getContent().get("application/json").getExamples().get("recorded").get$ref())
                .isEqualTo("#/components/examples/Ticket");
        assertThat(api.getComponents().getExamples().get("Ticket").getValue()).isEqualTo(Map.of("id", "t-1",
                "status", "OPEN"));
    }

    @Test
    void givesEveryServiceTheChassisProblemShapes() {
        OpenAPI api = described();

        ApiExamples.of(getClass().getClassLoader(), EXAMPLES).customise(api);

        assertThat(api.getComponents().getExamples()).containsKeys("ValidationFailed", "NotFound",
                "IllegalTransition", "Forbidden", "Unauthenticated");
        Map<String, Object> invalid = (Map<String, Object>) api.getComponents().getExamples().get("ValidationFailed")
                .getValue();
        assertThat(invalid).containsEntry("code", "VALIDATION_FAILED").containsKey("errors");
        Map<String, Object> conflict = (Map<String, Object>) api.getComponents().getExamples().get("IllegalTransition")
                .getValue();
        assertThat((List<String>) conflict.get("allowedNext")).isNotEmpty();
    }

    @Test
    void answersProblemsAsProblemJsonEvenWhereSpringdocListedOtherTypes() {
        OpenAPI api = described();

        ApiExamples.of(getClass().getClassLoader(), EXAMPLES).customise(api);

        ApiResponse notFound = api.getPaths().get("/api/v1/tickets/{id}").getGet().getResponses().get("404");
        assertThat(notFound.getContent().get("application/problem+json").getExamples().get("not-found").get$ref())
                .isEqualTo("#/components/examples/NotFound");
        assertThat(notFound.getContent().get("*/*").getExamples()).isNull();
        ApiResponse invalid = api.getPaths().get("/api/v1/tickets").getPost().getResponses().get("400");
        assertThat(invalid.getDescription()).isEqualTo("Bad Request");
        assertThat(invalid.getContent()).containsOnlyKeys("application/problem+json");
    }

    @Test
    void skipsExamplesForOperationsTheServiceDoesNotServe() {
        OpenAPI api = described();

        ApiExamples.of(getClass().getClassLoader(), EXAMPLES).customise(api);

        assertThat(api.getPaths()).doesNotContainKey("/api/v1/gone");
    }

    @Test
    void readsAServicesExamplesFromTheClassPath() {
        ApiExamples examples = ApiDocumentation.examples(getClass().getClassLoader());

        assertThat(examples.operations()).contains("POST /api/v1/samples");
        OpenAPI api = new OpenAPI().paths(new Paths().addPathItem("/api/v1/samples", new PathItem()
                .post(new Operation().responses(new ApiResponses()))));
        examples.customise(api);
        assertThat(api.getPaths().get("/api/v1/samples").getPost().getRequestBody().getContent()
                .get("application/json").getExamples()).containsKey("sample");
    }

    /** What springdoc derives from a controller, before the examples are merged in. */
    private static OpenAPI described() {
        Operation record = new Operation()
                .requestBody(new RequestBody().content(new Content().addMediaType("application/json", new MediaType())))
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")
                        .content(new Content().addMediaType("*/*", new MediaType()))));
        Operation read = new Operation().responses(new ApiResponses()
                .addApiResponse("200", new ApiResponse().description("OK"))
                .addApiResponse("404", new ApiResponse().description("Not Found")
                        .content(new Content().addMediaType("*/*", new MediaType()))));
        return new OpenAPI().paths(new Paths()
                .addPathItem("/api/v1/tickets", new PathItem().post(record))
                .addPathItem("/api/v1/tickets/{id}", new PathItem().get(read)));
    }
}
