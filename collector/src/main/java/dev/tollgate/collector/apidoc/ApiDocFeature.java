package dev.tollgate.collector.apidoc;

import dev.tollgate.collector.common.FeatureContext;

/** Serves the OpenAPI description of the {@code /v1} API at {@code GET /openapi.json}. */
public final class ApiDocFeature {

  private ApiDocFeature() {}

  /** Loads the description once (a broken part stops the start) and registers its resource. */
  public static void register(FeatureContext context) {
    context.environment().jersey().register(new OpenApiResource(ApiDescription.load()));
  }
}
