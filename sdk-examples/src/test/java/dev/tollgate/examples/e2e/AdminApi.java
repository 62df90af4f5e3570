package dev.tollgate.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.testing.TestApps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The collector's admin and report API for end-to-end tests, with the test apps' bootstrap admin key. */
public final class AdminApi {

  /** A client as the admin API issues it. */
  public record Client(String id, String teamId, String clientId, String clientSecret) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final String baseUrl;

  public AdminApi(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public JsonNode get(String path, Map<String, String> query) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path + q)).GET());
  }

  public JsonNode post(String path, Object body) {
    return send(withBody(path, body, "POST"));
  }

  public JsonNode patch(String path, Object body) {
    return send(withBody(path, body, "PATCH"));
  }

  public JsonNode put(String path, Object body) {
    return send(withBody(path, body, "PUT"));
  }

  public String team(String name) {
    return post("/v1/admin/teams", Map.of("name", name)).path("id").asText();
  }

  public Client client(String teamId, String name) {
    JsonNode c = post("/v1/admin/teams/" + teamId + "/clients", Map.of("name", name));
    return new Client(c.path("id").asText(), teamId, c.path("client_id").asText(), c.path("client_secret").asText());
  }

  /** A product with every source and the given markup. */
  public String product(String name, String markupPercent) {
    List<String> sources = new ArrayList<>();
    get("/v1/admin/sources", Map.of()).path("items").forEach(s -> sources.add(s.path("id").asText()));
    return post("/v1/admin/products", Map.of("name", name, "source_ids", sources, "markup_percent", markupPercent))
        .path("id").asText();
  }

  /** An open-ended subscription from yesterday with the given quotas. */
  public String subscribe(String teamId, String productId, List<Map<String, Object>> quotas) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("team_id", teamId);
    body.put("product_id", productId);
    body.put("starts_at", Instant.now().minus(1, ChronoUnit.DAYS).toString());
    body.put("quotas", quotas);
    return post("/v1/admin/subscriptions", body).path("id").asText();
  }

  public static Map<String, Object> quota(String unit, String period, String limit, String enforcement) {
    return Map.of("unit", unit, "period", period, "limit", limit, "enforcement", enforcement);
  }

  /** A provider key pointing at {@code baseUrl}; the team's leases carry it. */
  public String providerKeyFor(String teamId, String name, String baseUrl) {
    String keyId = post("/v1/admin/provider-keys", Map.of("provider", "openai", "name", name,
        "base_url", baseUrl, "api_key", "sk-test-" + name)).path("id").asText();
    patch("/v1/admin/teams/" + teamId, Map.of("provider_key_id", keyId));
    return keyId;
  }

  /** Sums a numeric field over the usage report's rows for a team since yesterday. */
  public long usageSum(String teamId, String field) {
    long sum = 0;
    for (JsonNode row : get("/v1/reports/usage", range(Map.of("team_id", teamId, "group_by", "team"))).path("items")) {
      sum += row.path(field).asLong();
    }
    return sum;
  }

  /** {@code from} yesterday, {@code to} tomorrow, plus {@code extra}. */
  public static Map<String, String> range(Map<String, String> extra) {
    Map<String, String> q = new LinkedHashMap<>(extra);
    q.put("from", Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
    q.put("to", Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
    return q;
  }

  private HttpRequest.Builder withBody(String path, Object body, String method) {
    try {
      return HttpRequest.newBuilder(URI.create(baseUrl + path))
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request
          .header("Authorization", "Bearer " + TestApps.ADMIN_KEY)
          .timeout(Duration.ofSeconds(30))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(request.build().method() + " " + request.build().uri() + " answered "
            + response.statusCode() + ": " + response.body());
      }
      return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
