package dev.tollgate.collector.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.auth.AccessTokens;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Console sessions over plain HTTP (no browser): who may sign in, the idle timeout, revoked keys,
 * CSRF on sign-out, and errors answered as HTML pages rather than problem+json.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleSessionsIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), c -> c.setConsoleIdleTimeout(
          io.dropwizard.util.Duration.minutes(30)));
  static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void resetClock() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
  }

  @Test
  void aSessionEndsAfterTheIdleTimeoutButRequestsKeepItAlive() throws Exception {
    String cookie = signIn(TestApps.ADMIN_KEY);
    ClockedApp.CLOCK.advance(Duration.ofMinutes(29));
    assertThat(get("/console", cookie).statusCode()).isEqualTo(200);
    ClockedApp.CLOCK.advance(Duration.ofMinutes(29));
    assertThat(get("/console", cookie).statusCode()).as("a request restarts the idle clock").isEqualTo(200);
    ClockedApp.CLOCK.advance(Duration.ofMinutes(31));
    HttpResponse<String> expired = get("/console", cookie);
    assertThat(expired.statusCode()).isEqualTo(303);
    assertThat(expired.headers().firstValue("Location").orElseThrow()).endsWith("/console/login");
  }

  @Test
  void revokingTheApiKeyEndsItsSessions() throws Exception {
    HttpResponse<String> created = api("POST", "/v1/admin/api-keys", "{\"name\":\"console admin\",\"role\":\"admin\"}");
    JsonNode key = json.readTree(created.body());
    String cookie = signIn(key.get("api_key").asText());
    assertThat(get("/console/sources", cookie).statusCode()).isEqualTo(200);
    assertThat(api("DELETE", "/v1/admin/api-keys/" + key.get("id").asText(), null).statusCode()).isLessThan(300);
    assertThat(get("/console/sources", cookie).statusCode()).isEqualTo(303);
  }

  @Test
  void aClientTokenIsRefusedWithAnHtmlPage() throws Exception {
    String token = new AccessTokens(TestApps.TOKEN_SIGNING_KEY, Duration.ofMinutes(15), Clock.systemUTC())
        .issue(UUID.randomUUID(), UUID.randomUUID(), "tg_someone").token();
    HttpResponse<String> refused = postForm("/console/login", null, "api_key=" + enc(token));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(refused.body()).contains("does not open the console");
  }

  @Test
  void reportErrorsAndUnknownPagesArePagesNotProblemJson() throws Exception {
    String cookie = signIn(TestApps.ADMIN_KEY);
    HttpResponse<String> badDate = get("/console/usage?from=yesterday", cookie);
    assertThat(badDate.statusCode()).isEqualTo(400);
    assertThat(badDate.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(badDate.body()).contains("from is not an ISO-8601 date-time");
    HttpResponse<String> unknownId = get("/console/transactions/" + UUID.randomUUID(), cookie);
    assertThat(unknownId.statusCode()).isEqualTo(404);
    assertThat(unknownId.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(get("/console/no-such-page", cookie).statusCode()).isEqualTo(404);
  }

  @Test
  void signingOutNeedsTheSessionsCsrfTokenAndEndsTheSession() throws Exception {
    String cookie = signIn(TestApps.ADMIN_KEY);
    assertThat(postForm("/console/logout", cookie, "csrf=forged").statusCode()).isEqualTo(403);
    assertThat(get("/console", cookie).statusCode()).isEqualTo(200);
    Matcher csrf = CSRF.matcher(get("/console", cookie).body());
    assertThat(csrf.find()).isTrue();
    HttpResponse<String> out = postForm("/console/logout", cookie, "csrf=" + enc(csrf.group(1)));
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(get("/console", cookie).statusCode()).isEqualTo(303);
  }

  @Test
  void aFormPostedFromAnotherSiteIsRefusedBeforeSigningIn() throws Exception {
    HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(uri("/console/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString("api_key=" + enc(TestApps.ADMIN_KEY))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(crossSite.headers().firstValue("Set-Cookie")).isEmpty();
    HttpResponse<String> sameSite = http.send(HttpRequest.newBuilder(uri("/console/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", "http://localhost:" + APP.getLocalPort())
        .POST(HttpRequest.BodyPublishers.ofString("api_key=" + enc(TestApps.ADMIN_KEY))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(sameSite.statusCode()).isEqualTo(303);
  }

  private String signIn(String key) throws Exception {
    HttpResponse<String> response = postForm("/console/login", null, "api_key=" + enc(key));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", cookie).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postForm(String path, String cookie, String form) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> api(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TestApps.ADMIN_KEY)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + APP.getLocalPort() + path);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
