package dev.tollgate.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The collector's admin and report API, with the bootstrap admin key the suite started it with. */
final class AdminApi {

  /** A client of a team, as the admin API issues it. */
  record Client(String teamId, String clientId, String clientSecret) {}

  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient http = new OkHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final String baseUrl;

  AdminApi(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** A team with a product of every source, a subscription with {@code quotas}, the provider key and a client. */
  Client team(String name, Map<String, Object> providerKey, List<Map<String, Object>> quotas) {
    String keyId = post("/v1/admin/provider-keys", providerKey).path("id").asText();
    String team = post("/v1/admin/teams", Map.of("name", name, "provider_key_id", keyId)).path("id").asText();
    List<String> sources = new ArrayList<>();
    get("/v1/admin/sources", Map.of()).path("items").forEach(s -> sources.add(s.path("id").asText()));
    String product = post("/v1/admin/products", Map.of("name", name, "source_ids", sources, "markup_percent", "0"))
        .path("id").asText();
    Map<String, Object> subscription = new LinkedHashMap<>();
    subscription.put("team_id", team);
    subscription.put("product_id", product);
    subscription.put("starts_at", Instant.now().minus(1, ChronoUnit.DAYS).toString());
    subscription.put("quotas", quotas);
    post("/v1/admin/subscriptions", subscription);
    JsonNode c = post("/v1/admin/teams/" + team + "/clients", Map.of("name", "application"));
    return new Client(team, c.path("client_id").asText(), c.path("client_secret").asText());
  }

  /** The team's events, each as the transaction detail (every metering element, trace id, estimated). */
  List<JsonNode> transactions(String teamId) {
    List<JsonNode> details = new ArrayList<>();
    Map<String, String> range = new LinkedHashMap<>();
    range.put("team_id", teamId);
    range.put("limit", "1000");
    range.put("from", Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
    range.put("to", Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
    for (JsonNode item : get("/v1/reports/transactions", range).path("items")) {
      details.add(get("/v1/reports/transactions/" + item.path("id").asText(), Map.of()));
    }
    return details;
  }

  JsonNode get(String path, Map<String, String> query) {
    HttpUrl.Builder url = HttpUrl.get(baseUrl + path).newBuilder();
    query.forEach(url::addQueryParameter);
    return send(new Request.Builder().url(url.build()).get());
  }

  JsonNode post(String path, Object body) {
    try {
      return send(new Request.Builder().url(baseUrl + path).post(RequestBody.create(json.writeValueAsBytes(body), JSON_TYPE)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode send(Request.Builder request) {
    Request r = request.header("Authorization", "Bearer " + DevCollector.ADMIN_KEY).build();
    try (Response response = http.newCall(r).execute()) {
      String body = response.body().string();
      if (response.code() >= 300) {
        throw new IllegalStateException(r.method() + " " + r.url() + " answered " + response.code() + ": " + body);
      }
      return body.isEmpty() ? json.nullNode() : json.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
