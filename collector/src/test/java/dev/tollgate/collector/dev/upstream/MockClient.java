package dev.tollgate.collector.dev.upstream;

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
import java.util.Map;

/** A plain HTTP client for the simulated upstream, for tests: no latency unless asked, parsed bodies and streams. */
final class MockClient {

  static final ObjectMapper JSON = new ObjectMapper();

  /** One server-sent event: its name (null for unnamed) and its data line. */
  record Sse(String event, String data) {
    JsonNode json() {
      try {
        return JSON.readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  MockClient(int port) {
    this(port, "/mock/v1");
  }

  MockClient(int port, String basePath) {
    this.base = "http://localhost:" + port + basePath;
  }

  HttpResponse<String> post(String path, Object body, String... headers) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
      return send(request, headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> get(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
    List<String> all = new ArrayList<>(List.of("authorization", "Bearer sk-test-key", Latency.HEADER, "off"));
    for (int i = 0; i < headers.length; i += 2) {
      int existing = all.indexOf(headers[i]);
      if (existing >= 0) {
        all.remove(existing + 1);
        all.remove(existing);
      }
      if (headers[i + 1] != null) {
        all.add(headers[i]);
        all.add(headers[i + 1]);
      }
    }
    for (int i = 0; i < all.size(); i += 2) {
      request.header(all.get(i), all.get(i + 1));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits a text/event-stream body into its events. */
  static List<Sse> events(String body) {
    List<Sse> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      String event = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      events.add(new Sse(event, data));
    }
    return events;
  }

  static Map<String, Object> chat(String model, String userMessage) {
    return Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", userMessage)));
  }
}
