package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tollgate.sdk.internal.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuotaAdmissionTest extends SdkTestBase {

  private static final String LEASE = "/v1/quota/lease";

  private static void stub402(String reason, String quotaJson) {
    collector.stubFor(post(urlEqualTo(LEASE)).willReturn(aResponse().withStatus(402)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"type\":\"https://tollgate.dev/problems/payment-required\",\"title\":\"Payment Required\","
            + "\"status\":402,\"reason\":\"" + reason + "\",\"detail\":\"Refused: " + reason + "\""
            + (quotaJson == null ? "" : ",\"quota\":" + quotaJson) + "}")));
  }

  @Test
  void aQuotaRefusalBecomesAnExceptionWithTheQuotaAndNothingGoesUpstream() {
    client();
    stub402("quota_exceeded", "{\"quota_id\":\"q-1\",\"unit\":\"cost\",\"period\":\"month\",\"limit\":\"100.00\","
        + "\"used\":\"100.02\",\"period_end\":\"2026-12-01T00:00:00Z\"}");

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
          assertThat(e.reason()).isEqualTo("quota_exceeded");
          Quota q = e.quota().orElseThrow();
          assertThat(q.quotaId()).isEqualTo("q-1");
          assertThat(q.unit()).isEqualTo("cost");
          assertThat(q.period()).isEqualTo("month");
          assertThat(q.limit()).isEqualByComparingTo(new BigDecimal("100.00"));
          assertThat(q.used()).isEqualByComparingTo(new BigDecimal("100.02"));
          assertThat(q.periodEnd()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        });
    assertThat(upstreamRequests()).isEmpty();
    assertThat(sink.events).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscription_expired", "no_subscription", "subscriber_disabled", "client_disabled"})
  void everyRefusalReasonIsThrownBeforeAnyUpstreamCall(String reason) {
    client();
    stub402(reason, null);

    assertThatThrownBy(() -> tollgate.chat().stream(chatRequest()))
        .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.quota()).isEmpty();
        });
    assertThat(upstreamRequests()).isEmpty();
  }

  @Test
  void aRefusalAtTheTokenEndpointIsAlsoAQuotaExceededException() {
    client();
    collector.stubFor(post(urlEqualTo("/v1/auth/token")).willReturn(aResponse().withStatus(402)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"status\":402,\"reason\":\"client_disabled\",\"detail\":\"Client disabled\"}")));

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOfSatisfying(QuotaExceededException.class, e -> assertThat(e.reason()).isEqualTo("client_disabled"));
    assertThat(upstreamRequests()).isEmpty();
  }

  @Test
  void callsTheLeaseCoversNeedNoCollectorRoundTripAndTheEstimateIsSent() throws Exception {
    client();
    for (int i = 0; i < 5; i++) {
      tollgate.chat().create(chatRequest());
    }

    assertThat(collectorCount(LEASE)).isEqualTo(1);
    JsonNode sent = Json.mapper().readTree(collector.findAll(postRequestedFor(urlEqualTo(LEASE))).get(0).getBodyAsString());
    assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(sent.get("endpoint").asText()).isEqualTo("/v1/chat/completions");
    assertThat(sent.at("/estimate/requests").asLong()).isEqualTo(1);
    // prompt (a few tokens for two short messages) plus max_tokens 300
    assertThat(sent.at("/estimate/tokens").asLong()).isBetween(310L, 340L);
    assertThat(sent.at("/estimate/cost").isMissingNode()).isTrue();
  }

  @Test
  void theLeaseIsRenewedWhenItsTokenGrantIsUsedUp() {
    client();
    // The fixture reports 1500 tokens per call; the grant covers two calls' actual usage.
    stubLease("lease-small", START.plus(Duration.ofMinutes(5)), "{\"quota_id\":\"q\",\"unit\":\"tokens\",\"amount\":3000}");

    tollgate.chat().create(chatRequest());
    tollgate.chat().create(chatRequest());
    assertThat(collectorCount(LEASE)).isEqualTo(1);
    tollgate.chat().create(chatRequest());
    assertThat(collectorCount(LEASE)).isEqualTo(2);
  }

  /** A five-minute lease {@code id} granting {@code amount} of a cost quota, with the bounds {@code boundsJson}. */
  private static void stubCostLease(String id, String amount, String boundsJson) {
    collector.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
            com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(LEASE))
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
            "{\"lease_id\":\"" + id + "\",\"expires_at\":\"" + START.plus(Duration.ofMinutes(5))
                + "\",\"grants\":[{\"quota_id\":\"c\",\"unit\":\"cost\",\"amount\":\"" + amount + "\"}],"
                + "\"soft_limit_warnings\":[]," + boundsJson + "}")));
  }

  @Test
  void aCostGrantIsCountedAtTheCollectorsCostPerTokenBoundWhenThatIsAllItSends() throws Exception {
    client();
    // 0.0015 at 0.0000005 per token buys 3000 tokens: the fixture's 1500-token calls fit twice.
    stubCostLease("lease-cost", "0.0015", "\"cost_per_token\":\"0.0000005\"");

    tollgate.chat().create(chatRequest());
    tollgate.chat().create(chatRequest());
    assertThat(collectorCount(LEASE)).isEqualTo(1);
    tollgate.chat().create(chatRequest());
    assertThat(collectorCount(LEASE)).isEqualTo(2);

    // The renewal names the lease it replaces with what its two calls used, at the cost bound,
    // so the collector settles it first (no separate settle request).
    List<LoggedRequest> leases = collector.findAll(postRequestedFor(urlEqualTo(LEASE)));
    assertThat(Json.mapper().readTree(leases.get(0).getBodyAsString()).path("replaces").isObject()).isFalse();
    JsonNode replaces = Json.mapper().readTree(leases.get(1).getBodyAsString()).get("replaces");
    assertThat(replaces.get("lease_id").asText()).isEqualTo("lease-cost");
    JsonNode used = replaces.get("used");
    assertThat(used.hasNonNull("tokens")).as("no token grant, no token count").isFalse();
    assertThat(used.get("cost").decimalValue()).isEqualByComparingTo("0.0015");
  }

  @Test
  void aCostGrantCountsPromptTokensAtThePromptBoundAndCompletionTokensAtTheCompletionBound() throws Exception {
    client();
    // The fixture's calls use 1,200 prompt and 300 completion tokens: 0.0012 + 0.0012 = 0.0024 at
    // these bounds, so 0.005 covers two calls. At the higher bound for every token (0.006 a call)
    // it would not cover even one.
    stubCostLease("lease-split", "0.005", "\"cost_per_token\":\"0.000004\","
        + "\"cost_per_prompt_token\":\"0.000001\",\"cost_per_completion_token\":\"0.000004\"");

    tollgate.chat().create(chatRequest());
    tollgate.chat().create(chatRequest());
    assertThat(collectorCount(LEASE)).isEqualTo(1);
    tollgate.chat().create(chatRequest());
    assertThat(collectorCount(LEASE)).isEqualTo(2);

    List<LoggedRequest> leases = collector.findAll(postRequestedFor(urlEqualTo(LEASE)));
    JsonNode first = Json.mapper().readTree(leases.get(0).getBodyAsString()).get("estimate");
    assertThat(first.get("tokens").asLong() - first.get("prompt_tokens").asLong())
        .as("the output limit is the completion part of the estimate").isEqualTo(300);
    JsonNode used = Json.mapper().readTree(leases.get(1).getBodyAsString()).get("replaces").get("used");
    assertThat(used.get("cost").decimalValue()).isEqualByComparingTo("0.0048");
  }

  @Test
  void theLeaseIsRenewedWhenItsRequestGrantIsUsedUp() {
    client();
    stubLease("lease-r", START.plus(Duration.ofMinutes(5)), "{\"quota_id\":\"q\",\"unit\":\"requests\",\"amount\":2}",
        "{\"quota_id\":\"c\",\"unit\":\"cost\",\"amount\":\"0.50\"}");

    for (int i = 0; i < 4; i++) {
      tollgate.chat().create(chatRequest());
    }
    assertThat(collectorCount(LEASE)).isEqualTo(2);
  }

  @Test
  void aLeaseWithoutGrantsGatesUntilItExpires() {
    client();
    stubLease("lease-open", START.plus(Duration.ofMinutes(1)));

    tollgate.chat().create(chatRequest());
    tollgate.chat().create(chatRequest());
    assertThat(collectorCount(LEASE)).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    tollgate.chat().create(chatRequest());
    assertThat(collectorCount(LEASE)).isEqualTo(2);
    assertThat(sink.last().leaseId()).isEqualTo("lease-open");
  }

  @Test
  void leasesAreKeptPerModel() {
    client();
    tollgate.chat().create(chatRequest());
    tollgate.chat().create(chatRequest().toBuilder().model("gpt-4o").build());
    tollgate.chat().create(chatRequest());
    assertThat(collectorCount(LEASE)).isEqualTo(2);
  }

  @Test
  void concurrentCallersShareOneRenewal() throws Exception {
    client();
    collector.stubFor(post(urlEqualTo(LEASE)).willReturn(okJson(leaseJson("lease-shared", START.plus(Duration.ofMinutes(5)),
        "{\"quota_id\":\"q\",\"unit\":\"tokens\",\"amount\":1000000}")).withFixedDelay(300)));
    tollgate.models().list(); // credentials first, so only the lease is contended
    int threads = 12;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(pool.submit(() -> {
        start.await();
        return tollgate.chat().create(chatRequest());
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(collectorCount(LEASE)).isEqualTo(1);
    assertThat(sink.events).filteredOn(e -> e.endpoint().equals("/v1/chat/completions"))
        .hasSize(threads).allSatisfy(e -> assertThat(e.leaseId()).isEqualTo("lease-shared"));
  }

  @Test
  void theCollectorRefusingTheAccessTokenFetchesANewOneAndRetriesTheLease() {
    client();
    collector.stubFor(post(urlEqualTo("/v1/auth/token")).inScenario("auth").whenScenarioStateIs(STARTED)
        .willReturn(okJson(tokenJson(ACCESS_TOKEN_1, API_KEY_1, 900, START.plus(Duration.ofHours(1)))))
        .willSetStateTo("second"));
    collector.stubFor(post(urlEqualTo("/v1/auth/token")).inScenario("auth").whenScenarioStateIs("second")
        .willReturn(okJson(tokenJson(ACCESS_TOKEN_2, API_KEY_2, 900, START.plus(Duration.ofHours(1))))));
    collector.stubFor(post(urlEqualTo(LEASE))
        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + ACCESS_TOKEN_1))
        .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Bearer")));

    tollgate.chat().create(chatRequest());

    assertThat(collectorCount("/v1/auth/token")).isEqualTo(2);
    collector.verify(1, postRequestedFor(urlEqualTo(LEASE))
        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + ACCESS_TOKEN_2)));
    upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + API_KEY_2)));
  }

  @Test
  void closingSettlesWhatIsLeftOfTheLease() throws Exception {
    client();
    tollgate.chat().create(chatRequest());
    tollgate.close();

    List<com.github.tomakehurst.wiremock.verification.LoggedRequest> settles =
        collector.findAll(postRequestedFor(urlEqualTo("/v1/quota/lease/lease-1/settle")));
    assertThat(settles).hasSize(1);
    JsonNode body = Json.mapper().readTree(settles.get(0).getBodyAsString());
    assertThat(body.at("/used/tokens").asLong()).isEqualTo(1500);
    assertThat(sink.closed).isTrue();
  }
}
