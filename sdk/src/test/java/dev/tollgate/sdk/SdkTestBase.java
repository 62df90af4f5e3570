package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import dev.tollgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two WireMock servers, one standing in for the collector and one for the OpenAI-compatible
 * upstream, default stubs for both, and a client wired to them with a recording usage sink,
 * a hand-moved clock and a sleeper that does not wait.
 */
abstract class SdkTestBase {

  static final String CLIENT_ID = "tg_client_test";
  static final String CLIENT_SECRET = "s3cret-client-secret-value";
  static final String API_KEY_1 = "sk-upstream-key-one";
  static final String API_KEY_2 = "sk-upstream-key-two";
  static final String ACCESS_TOKEN_1 = "at-access-token-one";
  static final String ACCESS_TOKEN_2 = "at-access-token-two";
  static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

  static WireMockServer collector;
  static WireMockServer upstream;

  MutableClock clock;
  RecordingSleeper sleeper;
  RecordingUsageSink sink;
  Tollgate tollgate;

  @BeforeAll
  static void startServers() {
    collector = new WireMockServer(options().dynamicPort());
    upstream = new WireMockServer(options().dynamicPort());
    collector.start();
    upstream.start();
  }

  @AfterAll
  static void stopServers() {
    collector.stop();
    upstream.stop();
  }

  @BeforeEach
  void setUpBase() {
    collector.resetAll();
    upstream.resetAll();
    clock = new MutableClock(START);
    sleeper = new RecordingSleeper();
    sink = new RecordingUsageSink();
    stubToken(ACCESS_TOKEN_1, API_KEY_1, 900, START.plus(Duration.ofHours(1)));
    stubLease("lease-1", START.plus(Duration.ofMinutes(5)), "{\"quota_id\":\"q-tokens\",\"unit\":\"tokens\",\"amount\":100000}");
    collector.stubFor(post(urlPathMatching("/v1/quota/lease/.+/settle")).willReturn(aResponse().withStatus(204)));
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion.json")));
    upstream.stubFor(post(urlEqualTo("/v1/responses")).willReturn(fixture("responses.json")));
    upstream.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(fixture("embeddings.json")));
    upstream.stubFor(post(urlEqualTo("/v1/moderations")).willReturn(fixture("moderations.json")));
    upstream.stubFor(get(urlEqualTo("/v1/models")).willReturn(fixture("models.json")));
  }

  @AfterEach
  void closeClient() {
    if (tollgate != null) {
      tollgate.close();
    }
  }

  /** A client against the two servers; {@code customize} may change any setting. */
  Tollgate client(Consumer<TollgateBuilder> customize) {
    TollgateBuilder b = Tollgate.builder()
        .collectorUrl(collector.baseUrl())
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET)
        .clock(clock)
        .sleeper(sleeper)
        .refreshExecutor(Runnable::run)
        .usageSink(sink);
    customize.accept(b);
    tollgate = b.build();
    return tollgate;
  }

  Tollgate client() {
    return client(b -> {});
  }

  static ResponseDefinitionBuilder fixture(String name) {
    String body = Fixtures.read(name);
    String type = name.endsWith(".sse") ? "text/event-stream" : "application/json";
    return aResponse().withStatus(200).withHeader("Content-Type", type)
        .withHeader("x-request-id", "req_" + name.replace('.', '_')).withBody(body);
  }

  /** The upstream lease names {@code baseUrl} (another upstream than the WireMock one). */
  static void stubUpstream(String baseUrl) {
    collector.stubFor(post(urlEqualTo("/v1/auth/token")).willReturn(okJson(
        tokenJson(ACCESS_TOKEN_1, API_KEY_1, 900, START.plus(Duration.ofHours(1)))
            .replace(upstream.baseUrl() + "/v1", baseUrl))));
  }

  static void stubToken(String accessToken, String apiKey, long expiresIn, Instant upstreamExpiresAt) {
    collector.stubFor(post(urlEqualTo("/v1/auth/token")).willReturn(okJson(tokenJson(accessToken, apiKey, expiresIn, upstreamExpiresAt))));
  }

  static String tokenJson(String accessToken, String apiKey, long expiresIn, Instant upstreamExpiresAt) {
    return "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
        + ",\"team_id\":\"team-1\",\"client_id\":\"" + CLIENT_ID + "\",\"upstream\":{\"provider\":\"openai\","
        + "\"base_url\":\"" + upstream.baseUrl() + "/v1\",\"api_key\":\"" + apiKey + "\",\"expires_at\":\""
        + upstreamExpiresAt + "\"}}";
  }

  static void stubLease(String leaseId, Instant expiresAt, String... grants) {
    collector.stubFor(post(urlEqualTo("/v1/quota/lease")).willReturn(okJson(leaseJson(leaseId, expiresAt, grants))));
  }

  static String leaseJson(String leaseId, Instant expiresAt, String... grants) {
    return "{\"lease_id\":\"" + leaseId + "\",\"expires_at\":\"" + expiresAt + "\",\"grants\":["
        + String.join(",", grants) + "],\"soft_limit_warnings\":[]}";
  }

  static ChatCompletionRequest chatRequest() {
    return ChatCompletionRequest.builder()
        .model("gpt-4o-mini")
        .addSystemMessage("You are terse.")
        .addUserMessage("Summarise the quarter.")
        .maxTokens(300)
        .build();
  }

  static List<LoggedRequest> upstreamRequests() {
    return upstream.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
  }

  static int collectorCount(String url) {
    return collector.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(url))).size();
  }
}
