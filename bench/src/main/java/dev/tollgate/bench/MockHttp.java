package dev.tollgate.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The JDK's built-in HTTP server on a loopback port, for the mock collector (off the measured path).
 * Handlers run on the server's single dispatcher thread: no thread hand-off per request, and
 * nothing to install. TCP_NODELAY is switched on before the server classes load, so a response
 * written in two parts (headers, body) is never held back by Nagle's algorithm.
 */
final class MockHttp {

  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private MockHttp() {}

  /** A started server on an ephemeral loopback port; add contexts before the first request. */
  static HttpServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(null);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:port}, without a trailing slash. */
  static String url(HttpServer server) {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
  }

  /** Reads the whole request body (the connection is then reusable). */
  static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  /** Answers {@code status} with a JSON body and closes the exchange. */
  static void json(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
