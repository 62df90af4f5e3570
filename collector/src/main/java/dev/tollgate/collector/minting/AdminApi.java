package dev.tollgate.collector.minting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls of OpenAI's admin API the collector makes, over the JDK's HTTP client: create a
 * project service account (which answers with its API key), give it a key with scopes (deleting
 * the unscoped one it came with), find one by name, and delete one (which deletes its keys).
 * Errors never carry a key: only the status or the kind of I/O failure.
 */
class AdminApi {

  /** A new service account and the key OpenAI made for it. */
  record Account(String id, String apiKey) {
    @Override
    public String toString() {
      return "Account[id=" + id + "]";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 50;

  private final HttpClient http;
  private final Duration timeout;

  AdminApi(Duration timeout) {
    this.timeout = timeout;
    // HTTP/1.1: over plain http the default HTTP/2 asks for an h2c upgrade, which proxies and relays may refuse.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /**
   * Creates a service account named {@code name} in the project. Without {@code scopes} the key
   * it comes with is the minted key; with them, a key with those scopes is added to the account
   * and the unscoped one deleted. A failure half-way leaves the account, which the caller's
   * intent row names, for the reaper to delete with its keys.
   */
  Account create(Target target, String adminKey, String name, List<String> scopes) {
    JsonNode body = send(target, adminKey, "POST", "/service_accounts", Map.of("name", name), 200);
    String id = body.path("id").asText("");
    String key = body.path("api_key").path("value").asText("");
    if (id.isEmpty() || key.isEmpty()) {
      throw new AdminApiException("the service account answer has no id or no api_key.value");
    }
    if (scopes.isEmpty()) {
      return new Account(id, key);
    }
    String unscopedKeyId = body.path("api_key").path("id").asText("");
    if (unscopedKeyId.isEmpty()) {
      throw new AdminApiException("the service account answer has no api_key.id");
    }
    JsonNode scoped = send(target, adminKey, "POST", "/service_accounts/" + encode(id) + "/api_keys",
        Map.of("name", name, "scopes", scopes), 200);
    String scopedKey = scoped.path("value").asText("");
    if (scopedKey.isEmpty()) {
      throw new AdminApiException("the service account key answer has no value");
    }
    send(target, adminKey, "DELETE", "/api_keys/" + encode(unscopedKeyId), null, 404);
    return new Account(id, scopedKey);
  }

  /** The id of the project's service account named {@code name}, if there is one. */
  Optional<String> find(Target target, String adminKey, String name) {
    String after = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String query = "/service_accounts?limit=100" + (after == null ? "" : "&after=" + encode(after));
      JsonNode body = send(target, adminKey, "GET", query, null, 200);
      for (JsonNode account : body.path("data")) {
        if (name.equals(account.path("name").asText())) {
          return Optional.of(account.path("id").asText());
        }
      }
      if (!body.path("has_more").asBoolean(false) || body.path("last_id").asText("").isEmpty()) {
        return Optional.empty();
      }
      after = body.path("last_id").asText();
    }
    throw new AdminApiException("more than " + MAX_PAGES + " pages of service accounts");
  }

  /** Deletes the service account and with it its keys; an account that is already gone counts as deleted. */
  void delete(Target target, String adminKey, String serviceAccountId) {
    send(target, adminKey, "DELETE", "/service_accounts/" + encode(serviceAccountId), null, 404);
  }

  private JsonNode send(Target target, String adminKey, String method, String path, Object body, int alsoOk) {
    URI uri = URI.create(target.baseUrl() + "/organization/projects/" + encode(target.projectId()) + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Authorization", "Bearer " + adminKey).header("Accept", "application/json");
    try {
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      }
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status == alsoOk && status != 200) {
        return JSON.createObjectNode();
      }
      if (status < 200 || status > 299) {
        throw new AdminApiException(method + " " + path.replaceAll("\\?.*", "") + ": HTTP " + status);
      }
      return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AdminApiException(method + " " + path.replaceAll("\\?.*", "") + ": " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminApiException("interrupted", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Where a team's service accounts live: the provider's base URL and the project. */
  record Target(String baseUrl, String projectId) {}
}
