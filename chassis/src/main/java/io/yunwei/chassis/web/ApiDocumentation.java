package io.yunwei.chassis.web;

import org.springdoc.core.customizers.OpenApiCustomizer;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/**
 * The OpenAPI 3.1 description every service publishes at {@code /v3/api-docs}, with its bearer-token scheme, and the
 * request, response and problem examples merged into it from data ({@link ApiExamples}).
 */
public final class ApiDocumentation {

    static final String BEARER = "bearer-jwt";

    private ApiDocumentation() {
    }

    /** The licence Yunwei is published under, as OpenAPI 3.1 names it: an SPDX identifier. */
    public static License license() {
        return new License().name("Apache License 2.0").identifier("Apache-2.0");
    }

    /**
     * @param publicUrl where integrators call the API: the gateway's public URL ({@code yunwei.api.public-url}), so
     *        that generated clients and "Try it out" go through the gateway, never to the service directly
     */
    public static OpenAPI describe(String service, String publicUrl) {
        return new OpenAPI()
                .info(new Info().title("Yunwei " + service).version("v1")
                        .description("Part of the Yunwei service desk API; call it through the gateway at /api/v1. "
                                + "Errors are RFC 9457 problem documents with a stable `code`.")
                        .license(license()))
                .addServersItem(new Server().url(publicUrl).description("The Yunwei gateway"))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("An access token from the configured OIDC issuer (locally: the client-credentials "
                                + "grant at /oauth2/token), with audience yunwei and a roles claim.")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * What a service adds to the description springdoc derives: the operations' texts and examples from data
     * ({@link ApiExamples}), then the tags and problem responses every operation has ({@link ApiConventions}), in
     * that order, so that a problem shown by an example gets the problem schema too.
     */
    public static OpenApiCustomizer customizer(ClassLoader classLoader) {
        ApiExamples examples = examples(classLoader);
        return openApi -> {
            examples.customise(openApi);
            ApiConventions.apply(openApi);
        };
    }

    /**
     * The customizer that adds the examples a service keeps in {@value ApiExamples#SERVICE_EXAMPLES}, and the
     * chassis's problem shapes, to the operations springdoc derives from its controllers.
     */
    public static ApiExamples examples(ClassLoader classLoader) {
        return ApiExamples.fromClasspath(classLoader);
    }
}
