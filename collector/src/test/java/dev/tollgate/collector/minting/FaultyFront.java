package dev.tollgate.collector.minting;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * A real HTTP server in front of the simulated upstream that makes its admin API fail on
 * demand: {@link Mode#PASS} forwards, {@link Mode#FAIL} answers 500, {@link Mode#HANG} forwards
 * (so the provider acts) but answers only after {@code hang}, later than the collector waits.
 */
final class FaultyFront implements AutoCloseable {

  enum Mode { PASS, FAIL, HANG }

  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String target;
  private final Duration hang;
  private volatile Mode mode = Mode.PASS;

  /** Forwards to {@code target} (scheme, host and port); listens on a free port. */
  FaultyFront(String target, Duration hang) throws IOException {
    this.target = target;
    this.hang = hang;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Mode now = mode;
      if (now == Mode.FAIL) {
        answer(exchange, 500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String header : new String[] {"Authorization", "Content-Type", "Accept"}) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          forward.header(header, value);
        }
      }
      HttpResponse<String> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofString());
      if (now == Mode.HANG) {
        Thread.sleep(hang.toMillis());
      }
      answer(exchange, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The collector gave up waiting and closed the connection: what HANG is for.
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
