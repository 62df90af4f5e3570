package dev.tollgate.collector.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The response check accepts what the description allows and names what it does not, or it would prove nothing. */
class ApiConformanceTest {

  private static final ApiConformance CHECK = ApiConformance.shared();
  private static final String TEAM = "{\"id\":\"6f1c2a5e-8a6b-4d7e-9c1f-0a1b2c3d4e5f\",\"name\":\"Research\","
      + "\"description\":null,\"status\":\"active\",\"provider_key_id\":null,"
      + "\"created_at\":\"2026-11-27T10:00:00Z\",\"updated_at\":\"2026-11-27T10:00:00Z\"}";

  private static ApiConformance.Exchange exchange(String method, String template, int status, String type,
      String body) {
    return new ApiConformance.Exchange(method, template, status, type,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aDescribedResponseConforms() {
    assertThat(CHECK.check(exchange("GET", "/v1/admin/teams/{id}", 200, "application/json", TEAM))).isEmpty();
    assertThat(CHECK.check(exchange("DELETE", "/v1/admin/api-keys/{id}", 204, null, null))).isEmpty();
  }

  @Test
  void aBodyThatBreaksItsSchemaIsNamed() {
    String noName = TEAM.replace("\"name\":\"Research\",", "");
    String badStatus = TEAM.replace("\"active\"", "\"paused\"");
    String badDate = TEAM.replace("\"2026-11-27T10:00:00Z\",\"updated_at\"", "\"yesterday\",\"updated_at\"");
    String extra = TEAM.replace("{", "{\"secret\":\"x\",");

    assertThat(CHECK.check(exchange("GET", "/v1/admin/teams/{id}", 200, "application/json", noName)))
        .singleElement().asString().contains("GET /v1/admin/teams/{id} 200").contains("name");
    assertThat(CHECK.check(exchange("GET", "/v1/admin/teams/{id}", 200, "application/json", badStatus))).isNotEmpty();
    assertThat(CHECK.check(exchange("GET", "/v1/admin/teams/{id}", 200, "application/json", badDate))).isNotEmpty();
    assertThat(CHECK.check(exchange("GET", "/v1/admin/teams/{id}", 200, "application/json", extra))).isNotEmpty();
  }

  @Test
  void anUndescribedStatusOrContentTypeIsNamed() {
    assertThat(CHECK.check(exchange("GET", "/v1/admin/teams/{id}", 500, "application/problem+json",
        "{\"type\":\"https://tollgate.dev/problems/internal\",\"title\":\"x\",\"status\":500}")))
        .singleElement().asString().contains("status 500 is not described");
    assertThat(CHECK.check(exchange("GET", "/v1/admin/teams/{id}", 200, "text/html", "<p>")))
        .singleElement().asString().contains("content type text/html");
  }

  @Test
  void problemsMustBeProblems() {
    assertThat(CHECK.check(exchange("GET", "/v1/admin/teams/{id}", 404, "application/problem+json",
        "{\"type\":\"https://tollgate.dev/problems/not-found\",\"title\":\"Not Found\",\"status\":404}"))).isEmpty();
    assertThat(CHECK.check(exchange("GET", "/v1/admin/teams/{id}", 404, "application/problem+json",
        "{\"error\":\"not found\"}"))).isNotEmpty();
  }

  @Test
  void templatesAreNormalisedLikeTheDescription() {
    assertThat(ConformanceFilter.normalize("/v1/reports//transactions/{id: [0-9a-f-]+}/"))
        .isEqualTo("/v1/reports/transactions/{id}");
  }
}
