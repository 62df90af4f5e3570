/**
 * The OpenAPI 3.1 description of the {@code /v1} API ({@code openapi.yaml} and one part per
 * feature in this package's resources), served at {@code GET /openapi.json}. Tests check that
 * every {@code /v1} route is described and that the responses they see validate (docs/api.md).
 */
package dev.tollgate.collector.apidoc;
