package dev.tollgate.collector.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs one JSON body to a channel over the JDK's HTTP client. Redirects are not followed (a
 * receiver that moved is a failure to see, not a hop to take with a signed alert).
 */
final class Transport {

  /** A receiver's answer: its status and the start of its body, for {@code last_error}. */
  record Answer(int status, String bodyStart) {

    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private static final int BODY_START = 200;

  private final HttpClient http;
  private final Duration timeout;

  Transport(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  Answer post(URI url, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json").header("User-Agent", "Tollgate-Alerts/1")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    String text = new String(response.body(), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ").strip();
    return new Answer(response.statusCode(), text.length() > BODY_START ? text.substring(0, BODY_START) : text);
  }
}
