package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.tollgate.sdk.chat.ChatCompletion;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpstreamRetryTest extends SdkTestBase {

  private static final String CHAT = "/v1/chat/completions";

  /** The upstream answers {@code first}, then the chat fixture. */
  private static void failOnceThenSucceed(ResponseDefinitionBuilder first) {
    upstream.stubFor(post(urlEqualTo(CHAT)).inScenario("retry").whenScenarioStateIs(STARTED)
        .willReturn(first).willSetStateTo("recovered"));
    upstream.stubFor(post(urlEqualTo(CHAT)).inScenario("retry").whenScenarioStateIs("recovered")
        .willReturn(fixture("chat-completion.json")));
  }

  private static ResponseDefinitionBuilder error(int status, String fixture) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withHeader("x-request-id", "req_err_" + status).withBody(Fixtures.read(fixture));
  }

  @Test
  void retriesA429AfterTheRetryAfterHeaderAndMetersBothAttempts() {
    client();
    failOnceThenSucceed(error(429, "error-429.json").withHeader("retry-after", "2"));

    ChatCompletion c = tollgate.chat().create(chatRequest());

    assertThat(c.usage().promptTokens()).isEqualTo(1200);
    upstream.verify(2, postRequestedFor(urlEqualTo(CHAT)));
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(2));
    assertThat(sink.events).hasSize(2);
    UsageEvent failed = sink.events.get(0);
    assertThat(failed.statusCode()).isEqualTo(429);
    assertThat(failed.usage()).isNull();
    assertThat(failed.error().code()).isEqualTo("rate_limit_exceeded");
    assertThat(failed.leaseId()).isEqualTo("lease-1");
    assertThat(sink.events.get(1).statusCode()).isEqualTo(200);
  }

  @Test
  void retryAfterMsWinsAndIsCapped() {
    client(b -> b.retryAfterCap(Duration.ofSeconds(5)));
    failOnceThenSucceed(error(429, "error-429.json").withHeader("retry-after-ms", "250").withHeader("retry-after", "1"));
    tollgate.chat().create(chatRequest());
    assertThat(sleeper.sleeps).containsExactly(Duration.ofMillis(250));

    upstream.resetScenarios();
    sleeper.sleeps.clear();
    failOnceThenSucceed(error(429, "error-429.json").withHeader("retry-after", "3600"));
    tollgate.chat().create(chatRequest());
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void retriesA500WithExponentialBackoff() {
    client(b -> b.initialBackoff(Duration.ofMillis(100)));
    failOnceThenSucceed(error(500, "error-500.json"));

    tollgate.chat().create(chatRequest());

    upstream.verify(2, postRequestedFor(urlEqualTo(CHAT)));
    assertThat(sleeper.sleeps).hasSize(1);
    assertThat(sleeper.sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
  }

  @Test
  void retriesAConnectionReset() {
    client();
    failOnceThenSucceed(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    tollgate.chat().create(chatRequest());

    upstream.verify(2, postRequestedFor(urlEqualTo(CHAT)));
    assertThat(sink.events.get(0).statusCode()).isZero();
    assertThat(sink.events.get(0).error().type()).isEqualTo("connection_error");
  }

  /**
   * Issue 11: a read timeout was retried as a connection error, so the provider received the
   * same POST three times and no usage was recorded.
   */
  @Test
  void aGenerationThatTimedOutAfterItWasSentIsNotRetriedAndIsMeteredEstimated() {
    client(b -> b.readTimeout(Duration.ofMillis(300)));
    upstream.stubFor(post(urlEqualTo(CHAT)).willReturn(fixture("chat-completion.json").withFixedDelay(3000)));

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest())).isInstanceOf(UpstreamConnectionException.class)
        .hasMessageContaining("not retried");

    upstream.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    UsageEvent e = sink.only();
    assertThat(e.statusCode()).isZero();
    assertThat(e.error().type()).isEqualTo("timeout");
    assertThat(e.usage()).as("the provider may have done the work").isNotNull();
    assertThat(e.usage().estimated()).isTrue();
    assertThat(e.usage().completionTokens()).as("the request's output limit").isEqualTo(300);
  }

  @Test
  void theApplicationMayAllowRetryingTimedOutGenerations() {
    client(b -> b.readTimeout(Duration.ofMillis(300)).retryTimedOutGenerations(true));
    upstream.stubFor(post(urlEqualTo(CHAT)).willReturn(fixture("chat-completion.json").withFixedDelay(3000)));

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest())).isInstanceOf(UpstreamConnectionException.class);

    upstream.verify(3, postRequestedFor(urlEqualTo(CHAT)));
    assertThat(sink.events).hasSize(3).allSatisfy(e -> assertThat(e.usage().estimated()).isTrue());
  }

  @Test
  void aTimedOutListOfModelsIsRetried() {
    client(b -> b.readTimeout(Duration.ofMillis(300)));
    upstream.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/v1/models"))
        .willReturn(fixture("models.json").withFixedDelay(3000)));

    assertThatThrownBy(() -> tollgate.models().list()).isInstanceOf(UpstreamConnectionException.class);

    upstream.verify(3, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/v1/models")));
    assertThat(sink.events).hasSize(3).allSatisfy(e -> assertThat(e.usage()).isNull());
  }

  @Test
  void doesNotRetryA400AndCarriesTheProviderError() {
    client();
    upstream.stubFor(post(urlEqualTo(CHAT)).willReturn(error(400, "error-400-context.json")));

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isExactlyInstanceOf(UpstreamException.class)
        .satisfies(t -> {
          UpstreamException e = (UpstreamException) t;
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.type()).hasValue("invalid_request_error");
          assertThat(e.code()).hasValue("context_length_exceeded");
          assertThat(e.providerMessage()).hasValueSatisfying(m -> assertThat(m).contains("maximum context length"));
          assertThat(e.requestId()).hasValue("req_err_400");
        });
    upstream.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    assertThat(sleeper.sleeps).isEmpty();
    assertThat(sink.only().statusCode()).isEqualTo(400);
  }

  @Test
  void givesUpAfterTwoRetriesWithATypedException() {
    client();
    upstream.stubFor(post(urlEqualTo(CHAT)).willReturn(error(429, "error-429.json").withHeader("retry-after", "1")));

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOf(UpstreamRateLimitException.class)
        .hasMessageContaining("rate_limit_exceeded");
    upstream.verify(3, postRequestedFor(urlEqualTo(CHAT)));
    assertThat(sink.events).hasSize(3).allSatisfy(e -> assertThat(e.statusCode()).isEqualTo(429));
  }

  @Test
  void maps5xxAnd403ToTheirSubclasses() {
    client(b -> b.maxRetries(0));
    upstream.stubFor(post(urlEqualTo(CHAT)).willReturn(error(503, "error-500.json")));
    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOf(UpstreamServerException.class)
        .satisfies(t -> assertThat(((UpstreamException) t).type()).hasValue("server_error"));

    upstream.stubFor(post(urlEqualTo(CHAT)).willReturn(error(403, "error-401.json")));
    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOf(UpstreamPermissionDeniedException.class);
  }

  @Test
  void an401RefetchesTheUpstreamLeaseOnceAndRetriesWithTheNewKey() {
    client();
    upstream.stubFor(post(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + API_KEY_1))
        .willReturn(error(401, "error-401.json")));
    tollgate.models().list(); // credentials with key one
    stubToken(ACCESS_TOKEN_2, API_KEY_2, 900, START.plus(Duration.ofHours(1)));

    tollgate.chat().create(chatRequest());

    upstream.verify(1, postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + API_KEY_2)));
    assertThat(collectorCount("/v1/auth/token")).isEqualTo(2);
  }

  @Test
  void persistent401IsAnUpstreamAuthenticationException() {
    client();
    upstream.stubFor(post(urlEqualTo(CHAT)).willReturn(error(401, "error-401.json")));

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOf(UpstreamAuthenticationException.class)
        .satisfies(t -> assertThat(((UpstreamException) t).code()).hasValue("invalid_api_key"));
  }

  @Test
  void theCircuitBreakerOpensAfterRepeatedServerErrors() {
    client(b -> b.maxRetries(0));
    upstream.stubFor(post(urlEqualTo(CHAT)).willReturn(error(500, "error-500.json")));
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> tollgate.chat().create(chatRequest())).isInstanceOf(UpstreamServerException.class);
    }

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOf(UpstreamConnectionException.class)
        .hasMessageContaining("Circuit breaker open");
    upstream.verify(10, postRequestedFor(urlEqualTo(CHAT)));
  }
}
