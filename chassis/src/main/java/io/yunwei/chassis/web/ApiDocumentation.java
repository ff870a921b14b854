package io.yunwei.chassis.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI 3.1 description every service publishes at {@code /v3/api-docs}, with its bearer-token scheme, and the
 * request, response and problem examples merged into it from data ({@link ApiExamples}).
 */
public final class ApiDocumentation {

    static final String BEARER = "bearer-jwt";

    private ApiDocumentation() {
    }

    public static OpenAPI describe(String service) {
        return new OpenAPI()
                .info(new Info().title("Yunwei " + service).version("v1")
                        .description("Part of the Yunwei service desk API; call it through the gateway at /api/v1. "
                                + "Errors are RFC 9457 problem documents with a stable `code`.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("An access token from the configured OIDC issuer (locally: the client-credentials "
                                + "grant at /oauth2/token), with audience yunwei and a roles claim.")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * The customizer that adds the examples a service keeps in {@value ApiExamples#SERVICE_EXAMPLES}, and the
     * chassis's problem shapes, to the operations springdoc derives from its controllers.
     */
    public static ApiExamples examples(ClassLoader classLoader) {
        return ApiExamples.fromClasspath(classLoader);
    }
}
