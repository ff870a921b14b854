package io.yunwei.chassis.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

class ApiConventionsTest {

    @Test
    void tagsEachOperationWithItsResourceRatherThanItsController() {
        OpenAPI api = api();

        ApiConventions.apply(api);

        assertThat(get(api, "/api/v1/tickets/{id}").getTags()).containsExactly("Tickets");
        assertThat(admin(api).getTags()).containsExactly("Dead letters");
        assertThat(api.getTags()).extracting(tag -> tag.getName()).containsExactly("Tickets", "Dead letters");
    }

    @Test
    void givesEveryOperationTheProblemsOfTheGatewayAndOfSecurity() {
        OpenAPI api = api();

        ApiConventions.apply(api);

        assertThat(get(api, "/api/v1/tickets/{id}").getResponses()).containsKeys("401", "403", "429", "503");
        assertThat(get(api, "/api/v1/tickets/{id}").getResponses().get("429").getHeaders()).containsKey("Retry-After");
    }

    @Test
    void givesAReadByIdA404ButNoProblemsOfBodies() {
        OpenAPI api = api();

        ApiConventions.apply(api);

        assertThat(get(api, "/api/v1/tickets/{id}").getResponses()).containsKeys("400", "404")
                .doesNotContainKeys("409", "413", "415", "422");
    }

    @Test
    void givesAConditionalWriteWithABodyItsPreconditionAndBodyProblems() {
        OpenAPI api = api();

        ApiConventions.apply(api);

        assertThat(api.getPaths().get("/api/v1/tickets/{id}").getPatch().getResponses())
                .containsKeys("200", "400", "404", "409", "412", "413", "415", "428");
    }

    @Test
    void givesACreateWithAnIdempotencyKeyTheKeysProblems() {
        OpenAPI api = api();

        ApiConventions.apply(api);

        assertThat(api.getPaths().get("/api/v1/tickets").getPost().getResponses()).containsKeys("409", "422")
                .doesNotContainKeys("404", "412");
    }

    @Test
    void describesEveryProblemAsProblemJsonWithItsCodes() {
        OpenAPI api = api();

        ApiConventions.apply(api);

        ApiResponse conflict = api.getPaths().get("/api/v1/tickets").getPost().getResponses().get("409");
        assertThat(conflict.getContent()).containsOnlyKeys("application/problem+json");
        assertThat(conflict.getContent().get("application/problem+json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(conflict.getDescription()).contains("`ILLEGAL_TRANSITION`", "`IDEMPOTENCY_KEY_IN_USE`");
        assertThat(api.getComponents().getSchemas().get("Problem").getProperties()).containsKeys("code", "errors");
    }

    @Test
    void keepsAProblemTheExamplesShowAndGivesItTheProblemSchema() {
        OpenAPI api = api();
        api.getPaths().get("/api/v1/tickets/{id}").getPatch().getResponses().addApiResponse("422",
                new ApiResponse().description("Unprocessable Content"));

        ApiConventions.apply(api);

        ApiResponse refused = api.getPaths().get("/api/v1/tickets/{id}").getPatch().getResponses().get("422");
        assertThat(refused.getDescription()).contains("`DISCOURTEOUS_TEXT`");
        assertThat(refused.getContent().get("application/problem+json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/Problem");
    }

    @Test
    void leavesOutSharedExamplesNoOperationShows() {
        OpenAPI api = api();
        api.components(new io.swagger.v3.oas.models.Components()
                .addExamples("NotFound", new io.swagger.v3.oas.models.examples.Example().value("404"))
                .addExamples("DiscourteousText", new io.swagger.v3.oas.models.examples.Example().value("422")));

        ApiConventions.apply(api);

        assertThat(api.getComponents().getExamples()).containsOnlyKeys("NotFound");
    }

    @Test
    void namesTheServiceInTheOperationIdsOfItsAdministration() {
        OpenAPI api = api();

        ApiConventions.apply(api);

        assertThat(admin(api).getOperationId()).isEqualTo("intakeListDeadLetters");
    }

    private static Operation get(OpenAPI api, String path) {
        return api.getPaths().get(path).getGet();
    }

    private static Operation admin(OpenAPI api) {
        return api.getPaths().get("/api/v1/admin/intake/dead-letters").getGet();
    }

    private static OpenAPI api() {
        RequestBody json = new RequestBody().content(new Content().addMediaType("application/json", new MediaType()));
        return new OpenAPI().paths(new Paths()
                .addPathItem("/api/v1/tickets", new PathItem().post(new Operation().operationId("recordTicket")
                        .tags(new java.util.ArrayList<>(java.util.List.of("ticket-controller")))
                        .addParametersItem(new HeaderParameter().name("Idempotency-Key")).requestBody(json)
                        .responses(ok("201"))))
                .addPathItem("/api/v1/tickets/{id}", new PathItem()
                        .get(new Operation().addParametersItem(new PathParameter().name("id")).responses(ok("200")))
                        .patch(new Operation().addParametersItem(new PathParameter().name("id"))
                                .addParametersItem(new HeaderParameter().name("If-Match").required(true))
                                .requestBody(json).responses(ok("200"))))
                .addPathItem("/api/v1/admin/intake/dead-letters", new PathItem()
                        .get(new Operation().operationId("listDeadLetters").responses(ok("200")))));
    }

    private static ApiResponses ok(String status) {
        return new ApiResponses().addApiResponse(status, new ApiResponse().description("OK"));
    }
}
