package dev.tollgate.collector.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP receiver for alert deliveries (the JDK's HttpServer on 127.0.0.1): records every
 * request it gets and answers with the status the test sets ({@link #answer}), so a test can
 * take it "down" (503) and bring it back.
 */
final class Receiver implements AutoCloseable {

  /** One request as received. Header names are lower case. */
  record Request(String path, Map<String, String> headers, String body, int answeredWith) {

    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);

  Receiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
      int answer = status.get();
      requests.add(new Request(exchange.getRequestURI().toString(), headers,
          new String(body, StandardCharsets.UTF_8), answer));
      byte[] reply = (answer < 300 ? "ok" : "receiver is down").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The status every following request is answered with. */
  void answer(int status) {
    this.status.set(status);
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** The requests answered 2xx (what the receiver accepted). */
  List<Request> accepted() {
    return requests.stream().filter(r -> r.answeredWith() < 300).toList();
  }

  /** Waits until {@code condition} holds for the requests received so far (the sender runs on its own thread). */
  List<Request> awaitRequests(Predicate<List<Request>> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(requests())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the receiver did not get what was expected within " + timeout + "; it got "
            + requests());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return requests();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
