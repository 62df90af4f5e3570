package dev.tollgate.collector.common.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Requests an HTTP client library would not send: malformed request lines, oversized
 * headers and URIs, broken percent-encodings, NUL in the path. Jetty refuses them before any
 * resource runs; the refusal must still be a problem+json 4xx.
 */
public final class RawHttp {

  static final int COUNT = 200;

  private RawHttp() {}

  /** Sends {@link #COUNT} malformed requests; returns a description of each answer that is not a problem+json 4xx. */
  static List<String> refusals(int port, long seed) throws IOException {
    Random random = new Random(seed);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      String request = request(random);
      String answer = send(port, request);
      int status = answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
      boolean problem = answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json")
          && answer.contains("\"status\":" + status);
      if (status < 400 || status > 499 || !problem) {
        wrong.add(request.substring(0, Math.min(120, request.length())).replaceAll("\\p{Cntrl}", "?") + " -> "
            + answer.substring(0, Math.min(300, answer.length())).replaceAll("\\p{Cntrl}", "?"));
      }
    }
    return wrong;
  }

  private static String request(Random random) {
    String end = "Host: localhost\r\nConnection: close\r\n\r\n";
    return switch (random.nextInt(9)) {
      case 0 -> "GET /v1/reports/usage?x=" + "a".repeat(9000 + random.nextInt(20_000)) + " HTTP/1.1\r\n" + end;
      case 1 -> "GET /v1/admin/%" + Integer.toHexString(random.nextInt(16)) + "Z HTTP/1.1\r\n" + end;
      case 2 -> "GET /v1/%2e%2e/%2e%2e/admin/teams HTTP/1.1\r\n" + end;
      case 3 -> "GET /v1/admin/teams%2F..%2F" + random.nextInt(100) + " HTTP/1.1\r\n" + end;
      case 4 -> "GET /v1/admin/teams HTTP/1.1\r\nX-Big: " + "b".repeat(9000 + random.nextInt(10_000)) + "\r\n" + end;
      case 5 -> "GET /v1/admin/%00teams HTTP/1.1\r\n" + end;
      case 6 -> "POST /v1/usage/events HTTP/1.1\r\nContent-Length: -5\r\n" + end;
      case 7 -> "POST /v1/usage/events HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n" + end + "zz";
      default -> "GET /v1/admin/teams HTTP/1.1\r\nHost: localhost\r\nBad Header Name: x\r\nConnection: close\r\n\r\n";
    };
  }

  /** Sends {@code request} as it is on a new connection; everything the server sent until it closed (or went quiet). */
  public static String send(int port, String request) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          received.write(buffer, 0, n);
        }
      } catch (SocketException | java.net.SocketTimeoutException closed) {
        // Jetty may reset a connection it refused; what arrived before counts (and a timeout shows in it).
      }
      return received.toString(StandardCharsets.UTF_8);
    }
  }
}
