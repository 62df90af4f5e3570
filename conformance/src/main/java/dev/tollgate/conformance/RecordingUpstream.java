package dev.tollgate.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The provider as the suite sees it: an HTTP relay in front of the collector's simulated upstream
 * that records every request it gets (method, path, query, headers, body), the answer it passed
 * on (so the usage the provider reported is known even when the SDK hides it from the
 * application), and whether the client hung up before the answer was complete. Each scenario's
 * team gets its own route, {@code /t/{route}/...}, relayed to the collector's {@code /mock/...}:
 * an OpenAI key's base URL is {@code .../t/{route}/v1}, an Azure key's {@code .../t/{route}/azure}.
 * A route can make the provider slow (headers the simulated upstream honours).
 */
final class RecordingUpstream implements AutoCloseable {

  /** What one request to a route looked like, and what became of it. */
  static final class Exchange {
    final String method;
    final String path;
    final String query;
    final Map<String, String> headers;
    final String body;
    volatile int status;
    volatile String contentType;
    final ByteArrayOutputStream answer = new ByteArrayOutputStream();
    final CompletableFuture<Void> aborted = new CompletableFuture<>();

    Exchange(String method, String path, String query, Map<String, String> headers, String body) {
      this.method = method;
      this.path = path;
      this.query = query;
      this.headers = headers;
      this.body = body;
    }

    /** A request header (names are lower case), or null. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    synchronized String answer() {
      return answer.toString(StandardCharsets.UTF_8);
    }

    boolean awaitAbort(Duration within) {
      try {
        aborted.get(within.toMillis(), TimeUnit.MILLISECONDS);
        return true;
      } catch (TimeoutException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final MediaType NO_TYPE = null;

  private final String collectorUrl;
  private final ServerSocket server;
  private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(2)).build();
  private final Map<String, List<Exchange>> byRoute = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> extraHeaders = new ConcurrentHashMap<>();

  RecordingUpstream(String collectorUrl) {
    this.collectorUrl = collectorUrl;
    try {
      this.server = new ServerSocket(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "recording-upstream");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The base URL of {@code route} for an OpenAI key. */
  String openAiBaseUrl(String route) {
    return "http://127.0.0.1:" + server.getLocalPort() + "/t/" + route + "/v1";
  }

  /** The base URL of {@code route} for an Azure OpenAI key. */
  String azureBaseUrl(String route) {
    return "http://127.0.0.1:" + server.getLocalPort() + "/t/" + route + "/azure";
  }

  /** Makes the provider behind {@code route} send these headers' behaviour (e.g. {@code x-mock-delay-ms}). */
  void behave(String route, Map<String, String> mockHeaders) {
    extraHeaders.put(route, Map.copyOf(mockHeaders));
  }

  /** What {@code route} received so far, in order. */
  List<Exchange> exchanges(String route) {
    return List.copyOf(byRoute.getOrDefault(route, List.of()));
  }

  /** Waits until {@code route} received {@code n} requests; false after {@code timeout}. */
  boolean awaitRequests(String route, int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (exchanges(route).size() < n) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Harness.pause(Duration.ofMillis(20));
    }
    return true;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "recording-upstream-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        socket.setSoTimeout(0);
        String head = readHead(in);
        if (head == null) {
          return;
        }
        if (!relay(socket, in, out, head)) {
          return;
        }
      }
    } catch (IOException gone) {
      // the client closed the connection
    }
  }

  /** Relays one request; false when the connection cannot be used again. */
  private boolean relay(Socket socket, InputStream in, OutputStream out, String head) throws IOException {
    String[] lines = head.split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    String target = requestLine[1];
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? null : target.substring(q + 1);
    String[] parts = path.split("/", 4); // "", "t", route, rest
    if (parts.length < 4 || !"t".equals(parts[1])) {
      write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
      return true;
    }
    String route = parts[2];
    Exchange exchange = new Exchange(requestLine[0], "/" + parts[3], query, headers,
        new String(body, StandardCharsets.UTF_8));
    byRoute.computeIfAbsent(route, r -> new CopyOnWriteArrayList<>()).add(exchange);

    Request.Builder upstream = new Request.Builder()
        .url(collectorUrl + "/mock/" + parts[3] + (query == null ? "" : "?" + query))
        .method(requestLine[0], "GET".equals(requestLine[0]) ? null
            : RequestBody.create(body, headers.containsKey("content-type") ? MediaType.get(headers.get("content-type")) : NO_TYPE));
    headers.forEach((name, value) -> {
      if (!List.of("host", "content-length", "connection", "accept-encoding", "transfer-encoding").contains(name)) {
        upstream.header(name, value);
      }
    });
    extraHeaders.getOrDefault(route, Map.of()).forEach(upstream::header);
    Call call = http.newCall(upstream.build());
    CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> {
      try {
        return call.execute();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    Response response = awaitWhileClientWaits(socket, in, answer, call, exchange);
    if (response == null) {
      return false;
    }
    try (response) {
      exchange.status = response.code();
      exchange.contentType = response.header("content-type");
      StringBuilder responseHead = new StringBuilder("HTTP/1.1 " + response.code() + " X\r\n");
      response.headers().forEach(h -> {
        if (!List.of("content-length", "transfer-encoding", "connection").contains(h.getFirst().toLowerCase(Locale.ROOT))) {
          responseHead.append(h.getFirst()).append(": ").append(h.getSecond()).append("\r\n");
        }
      });
      responseHead.append("Transfer-Encoding: chunked\r\n\r\n");
      write(out, responseHead.toString());
      BufferedSource source = response.body().source();
      Buffer chunk = new Buffer();
      while (source.read(chunk, 8192) >= 0) {
        byte[] bytes = chunk.readByteArray();
        synchronized (exchange) {
          exchange.answer.write(bytes);
        }
        try {
          write(out, Integer.toHexString(bytes.length) + "\r\n");
          out.write(bytes);
          write(out, "\r\n");
          if (clientGone(socket, in)) {
            throw new IOException("client hung up");
          }
        } catch (IOException hungUp) {
          exchange.aborted.complete(null);
          call.cancel();
          return false;
        }
      }
      write(out, "0\r\n\r\n");
      return true;
    }
  }

  /** The upstream's answer; null, with the upstream call cancelled, if the client hung up first. */
  private static Response awaitWhileClientWaits(Socket socket, InputStream in, CompletableFuture<Response> answer,
      Call call, Exchange exchange) throws IOException {
    while (true) {
      try {
        return answer.get(20, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillWaiting) {
        if (clientGone(socket, in)) {
          exchange.aborted.complete(null);
          call.cancel();
          return null;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      } catch (ExecutionException e) {
        throw new IOException("the simulated upstream failed", e.getCause());
      }
    }
  }

  /** Whether the client closed its end (an OpenAI client sends nothing while it waits for an answer). */
  private static boolean clientGone(Socket socket, InputStream in) throws IOException {
    socket.setSoTimeout(1);
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException stillThere) {
      return false;
    } catch (IOException reset) {
      return true;
    } finally {
      socket.setSoTimeout(0);
    }
  }

  /** The request line and headers, or null at the end of the connection. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String s = head.toString(StandardCharsets.ISO_8859_1);
    return s.substring(0, s.length() - 4);
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
