package dev.tollgate.collector.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** A small JSON-over-HTTP client for the admin API in tests; every body it received is kept. */
public final class AdminHttp {

  /** A response: status, body text, parsed JSON (null if none), and the headers' WWW-Authenticate. */
  public record Reply(int status, String body, JsonNode json, String contentType, String wwwAuthenticate) {

    public String text(String field) {
      return json.path(field).asText();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final List<String> bodiesSeen = new ArrayList<>();

  public AdminHttp(String base) {
    this.base = base;
  }

  public Reply get(String key, String path) {
    return send(key, "GET", path, null);
  }

  public Reply post(String key, String path, String body) {
    return send(key, "POST", path, body);
  }

  public Reply patch(String key, String path, String body) {
    return send(key, "PATCH", path, body);
  }

  public Reply delete(String key, String path) {
    return send(key, "DELETE", path, null);
  }

  /** Every response body this client has received. */
  public List<String> bodiesSeen() {
    return bodiesSeen;
  }

  public Reply send(String key, String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> response = sendOnce(request.build());
      String text = response.body();
      bodiesSeen.add(text);
      JsonNode json = text == null || text.isBlank() ? null : JSON.readTree(text);
      return new Reply(response.statusCode(), text, json, response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("WWW-Authenticate").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends, retrying once when the server had closed the pooled connection: after answering 401
   * to a request whose body it did not read, Jetty closes the connection, and the client may
   * already have picked it for the next request, which then receives no bytes at all.
   */
  private HttpResponse<String> sendOnce(HttpRequest request) throws IOException, InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException closedUnderUs) {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  /** JSON text from a template with single quotes for double quotes, to keep tests readable. */
  public static String json(String template, Object... args) {
    return String.format(template, args).replace('\'', '"');
  }
}
