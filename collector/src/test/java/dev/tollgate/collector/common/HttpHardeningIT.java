package dev.tollgate.collector.common;

import static dev.tollgate.collector.usage.IngestTestData.batch;
import static dev.tollgate.collector.usage.IngestTestData.event;
import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.common.fuzz.RawHttp;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, defects 9, 10 (ingest side), 11 and 12, over real HTTP: bad bodies and URIs are
 * 4xx problem+json (Jetty's own errors too), the ingest still ignores unknown event fields,
 * the admin port listens on loopback only, and an early rejection closes the connection
 * saying so.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpHardeningIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();
  static IngestTestData data;
  static String token;

  @BeforeAll
  static void setUp() {
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-http-key-12345", true);
    token = data.token(data.activeClient("Http", "0"));
  }

  @Test
  void brokenGzipIs400AndStoresNothing() throws IOException {
    long before = data.count("SELECT count(*) FROM usage_events");
    byte[] gzip = gzip(batch(event(UUID.randomUUID(), Instant.now(), "gpt-4o", null)));
    byte[] truncated = Arrays.copyOf(gzip, gzip.length / 2);
    byte[] garbage = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    for (byte[] body : new byte[][] {truncated, garbage}) {
      for (boolean header : new boolean[] {true, false}) {
        HttpResponse<String> r = header
            ? data.postBytes("/v1/usage/events", token, body, "Content-Type", "application/json", "Content-Encoding", "gzip")
            : data.postBytes("/v1/usage/events", token, body, "Content-Type", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertProblem(r);
      }
    }
    assertThat(data.count("SELECT count(*) FROM usage_events")).isEqualTo(before);
  }

  @Test
  void anIngestBodyThatIsNotJsonIs415() {
    String body = batch(event(UUID.randomUUID(), Instant.now(), "gpt-4o", null));
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
      HttpResponse<String> r = data.postBytes("/v1/usage/events", token, body.getBytes(StandardCharsets.UTF_8),
          "Content-Type", type);
      assertThat(r.statusCode()).as(type).isEqualTo(415);
      assertProblem(r);
    }
    HttpResponse<String> charset = data.postBytes("/v1/usage/events", token, body.getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json; charset=utf-8");
    assertThat(charset.statusCode()).isEqualTo(200);
  }

  @Test
  void newerSdksMaySendFieldsTheCollectorDoesNotKnow() {
    UUID id = UUID.randomUUID();
    String event = event(id, Instant.now().minusSeconds(2), "gpt-4o", "{\"prompt_tokens\":1,\"future_tokens\":7}")
        .replace("\"method\":\"POST\"", "\"method\":\"POST\",\"priority_tier\":\"flex\"");
    assertThat(json(data.post("/v1/usage/events", token, batch(event))).get("accepted").asInt()).isEqualTo(1);
    HttpResponse<String> lease = data.post("/v1/quota/lease", token,
        "{\"model\":\"gpt-4o\",\"sdk_feature\":true,\"estimate\":{\"tokens\":5,\"images\":1}}");
    assertThat(lease.statusCode()).as(lease.body()).isEqualTo(200);
  }

  @Test
  void nulInAReportFilterIs400NamingIt() {
    HttpResponse<String> r = data.get("/v1/reports/usage?from=2026-01-01&to=2026-02-01&model=gpt%00x",
        TestApps.ADMIN_KEY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertProblem(r);
    assertThat(json(r).get("errors").get(0).get("field").asText()).isEqualTo("model");
    HttpResponse<String> badUtf8 = data.get("/v1/reports/usage?from=2026-01-01&to=2026-02-01&model=%ff%fe",
        TestApps.ADMIN_KEY);
    assertThat(badUtf8.statusCode()).as(badUtf8.body()).isEqualTo(400);
    assertProblem(badUtf8);
  }

  @Test
  void aPriceCsvWithAnUnterminatedQuoteIs400() {
    HttpResponse<String> r = data.postBytes("/v1/admin/prices/import", TestApps.ADMIN_KEY,
        "model,element,price\n\"gpt-4o,prompt_tokens,1\n".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/csv",
        "Authorization", "Bearer " + TestApps.ADMIN_KEY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertProblem(r);
  }

  @Test
  void jettysOwnErrorsAreProblemJson() throws IOException {
    String longUri = raw("GET /v1/reports/usage?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(longUri).startsWith("HTTP/1.1 414");
    assertThat(longUri).containsIgnoringCase("Content-Type: application/problem+json").contains("\"status\":414");

    for (String path : new String[] {"/v1/admin/%ZZ", "/v1/admin/teams/%", "/v1/%2e%2e/%2e%2e/etc/passwd",
        "/v1/admin/teams%2F..%2Fx"}) {
      String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      int status = Integer.parseInt(response.substring(9, 12));
      assertThat(status).as(path + ":\n" + response).isBetween(400, 499);
      assertThat(response).as(path).containsIgnoringCase("Content-Type: application/problem+json")
          .doesNotContainIgnoringCase("<html");
    }
  }

  @Test
  void theAdminPortListensOnLoopbackOnly() {
    ServerConnector admin = null;
    ServerConnector application = null;
    for (Connector c : APP.getEnvironment().getApplicationContext().getServer().getConnectors()) {
      ServerConnector connector = (ServerConnector) c;
      if (connector.getLocalPort() == APP.getAdminPort()) {
        admin = connector;
      } else if (connector.getLocalPort() == APP.getLocalPort()) {
        application = connector;
      }
    }
    assertThat(admin).isNotNull();
    assertThat(admin.getHost()).isEqualTo("127.0.0.1");
    assertThat(application.getHost()).as("the application port is not restricted").isNull();
  }

  @Test
  void anEarlyRejectionOfARequestWithABodySaysConnectionClose() throws IOException {
    String body = batch(event(UUID.randomUUID(), Instant.now(), "gpt-4o", null)) + " ".repeat(64 * 1024);
    String unauthenticated = raw("POST /v1/usage/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    assertThat(unauthenticated).startsWith("HTTP/1.1 401").containsIgnoringCase("Connection: close");
    String forbidden = raw("POST /v1/usage/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Authorization: Bearer " + TestApps.ADMIN_KEY + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    assertThat(forbidden).startsWith("HTTP/1.1 403").containsIgnoringCase("Connection: close");
  }

  private static String raw(String request) throws IOException {
    return RawHttp.send(APP.getLocalPort(), request);
  }

  private static void assertProblem(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
        "application/problem+json"));
    assertThat(json(r).get("status").asInt()).isEqualTo(r.statusCode());
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.").doesNotContainIgnoringCase("sql");
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
