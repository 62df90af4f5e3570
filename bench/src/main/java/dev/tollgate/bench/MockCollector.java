package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A local stand-in for the Tollgate collector, just enough for a warm SDK client:
 *
 * <ul>
 *   <li>{@code POST /v1/auth/token}: an access token and an upstream lease for the given base
 *       URL, both valid for a day (no refresh during a run);
 *   <li>{@code POST /v1/quota/lease}: a lease of 10^12 tokens and 10^12 requests for a day,
 *       so that no renewal happens during measurement (see {@link #leaseCalls()});
 *   <li>{@code POST /v1/usage/events}: reads the (gzipped) batch and accepts every event;
 *   <li>{@code POST /v1/quota/lease/{id}/settle}: 204.
 * </ul>
 */
final class MockCollector implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long GRANT = 1_000_000_000_000L;

  private final HttpServer server;
  private final AtomicLong tokenCalls = new AtomicLong();
  private final AtomicLong leaseCalls = new AtomicLong();
  private final AtomicLong usageEvents = new AtomicLong();

  private MockCollector(HttpServer server, String upstreamBaseUrl) {
    this.server = server;
    Instant expires = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    byte[] token = ("{\"access_token\":\"tg-bench-token\",\"token_type\":\"Bearer\",\"expires_in\":86400,"
        + "\"team_id\":\"team-bench\",\"client_id\":\"tg_bench\",\"upstream\":{\"provider\":\"openai\","
        + "\"base_url\":\"" + upstreamBaseUrl + "\",\"api_key\":\"sk-bench\",\"expires_at\":\"" + expires + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
    byte[] lease = ("{\"lease_id\":\"lease-bench\",\"expires_at\":\"" + expires + "\",\"grants\":["
        + "{\"quota_id\":\"q-tokens\",\"unit\":\"tokens\",\"amount\":" + GRANT + "},"
        + "{\"quota_id\":\"q-requests\",\"unit\":\"requests\",\"amount\":" + GRANT + "}],"
        + "\"soft_limit_warnings\":[]}").getBytes(StandardCharsets.UTF_8);
    server.createContext("/v1/auth/token", exchange -> {
      MockHttp.body(exchange);
      tokenCalls.incrementAndGet();
      MockHttp.json(exchange, 200, token);
    });
    server.createContext("/v1/quota/lease", exchange -> {
      MockHttp.body(exchange);
      if (exchange.getRequestURI().getPath().endsWith("/settle")) {
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        return;
      }
      leaseCalls.incrementAndGet();
      MockHttp.json(exchange, 200, lease);
    });
    server.createContext("/v1/usage/events", exchange -> {
      byte[] body = MockHttp.body(exchange);
      int n = events(body, "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding")));
      usageEvents.addAndGet(n);
      MockHttp.json(exchange, 200, ("{\"accepted\":" + n + ",\"duplicates\":0,\"rejected\":[]}")
          .getBytes(StandardCharsets.UTF_8));
    });
  }

  static MockCollector start(String upstreamBaseUrl) {
    return new MockCollector(MockHttp.start(), upstreamBaseUrl);
  }

  /** The collector URL, {@code http://127.0.0.1:port}. */
  String url() {
    return MockHttp.url(server);
  }

  long tokenCalls() {
    return tokenCalls.get();
  }

  long leaseCalls() {
    return leaseCalls.get();
  }

  long usageEvents() {
    return usageEvents.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static int events(byte[] body, boolean gzip) throws IOException {
    JsonNode root = gzip
        ? MAPPER.readTree(new GZIPInputStream(new ByteArrayInputStream(body)))
        : MAPPER.readTree(body);
    return root.path("events").size();
  }
}
