package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CredentialsTest extends SdkTestBase {

  private static final String TOKEN = "/v1/auth/token";
  private static final String CHAT = "/v1/chat/completions";

  private static void verifyUpstreamKey(int count, String key) {
    upstream.verify(count, postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + key)));
  }

  @Test
  void exchangesTheClientCredentialsOnceAndCachesTheResult() {
    client();
    tollgate.chat().create(chatRequest());
    tollgate.chat().create(chatRequest());

    collector.verify(1, postRequestedFor(urlEqualTo(TOKEN)).withRequestBody(equalToJson(
        "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + CLIENT_ID + "\",\"client_secret\":\"" + CLIENT_SECRET + "\"}")));
    verifyUpstreamKey(2, API_KEY_1);
  }

  @Test
  void refreshesAheadOfExpiryWhileTheCallProceedsWithTheValidCredentials() {
    client(b -> b.refreshAhead(Duration.ofSeconds(60)));
    tollgate.chat().create(chatRequest());
    stubToken(ACCESS_TOKEN_2, API_KEY_2, 900, START.plus(Duration.ofHours(2)));

    clock.advance(Duration.ofSeconds(850)); // token expires at 900 s, refresh from 840 s: inside the window
    tollgate.chat().create(chatRequest());  // triggers the refresh (inline executor in tests)
    tollgate.chat().create(chatRequest());

    assertThat(collector.findAll(postRequestedFor(urlEqualTo(TOKEN)))).hasSize(2);
    verifyUpstreamKey(1, API_KEY_1);
    verifyUpstreamKey(2, API_KEY_2);
  }

  @Test
  void expiredCredentialsAreFetchedBeforeTheCall() {
    client();
    tollgate.chat().create(chatRequest());
    stubToken(ACCESS_TOKEN_2, API_KEY_2, 900, START.plus(Duration.ofHours(2)));
    clock.advance(Duration.ofSeconds(901));

    tollgate.chat().create(chatRequest());

    verifyUpstreamKey(1, API_KEY_2);
    // the lease of 5 minutes also expired and was renewed with the new access token
    collector.verify(1, postRequestedFor(urlEqualTo("/v1/quota/lease")).withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN_2)));
  }

  @Test
  void theUpstreamLeaseExpiryAlsoTriggersTheRefresh() {
    stubToken(ACCESS_TOKEN_1, API_KEY_1, 3600, START.plus(Duration.ofMinutes(2)));
    client();
    tollgate.chat().create(chatRequest());
    stubToken(ACCESS_TOKEN_2, API_KEY_2, 3600, START.plus(Duration.ofHours(2)));
    clock.advance(Duration.ofMinutes(3));

    tollgate.chat().create(chatRequest());

    verifyUpstreamKey(1, API_KEY_2);
  }

  @Test
  void aRetryUsesTheCredentialsRefreshedWhileItWaited() {
    client();
    upstream.stubFor(post(urlEqualTo(CHAT)).inScenario("r").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503).withBody(Fixtures.read("error-500.json"))).willSetStateTo("ok"));
    upstream.stubFor(post(urlEqualTo(CHAT)).inScenario("r").whenScenarioStateIs("ok").willReturn(fixture("chat-completion.json")));
    tollgate.models().list();
    stubToken(ACCESS_TOKEN_2, API_KEY_2, 900, START.plus(Duration.ofHours(2)));
    sleeper.onSleep = d -> clock.advance(Duration.ofSeconds(901)); // credentials expire during the backoff

    tollgate.chat().create(chatRequest());

    verifyUpstreamKey(1, API_KEY_1);
    verifyUpstreamKey(1, API_KEY_2);
  }

  @Test
  void wrongClientCredentialsAreAnAuthenticationException() {
    client();
    collector.stubFor(post(urlEqualTo(TOKEN)).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"Unknown client or wrong secret\"}")));

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining(CLIENT_ID)
        .hasMessageNotContaining(CLIENT_SECRET);
    assertThat(upstreamRequests()).isEmpty();
  }

  @Test
  void concurrentFirstCallsShareOneTokenFetchAndOneLease() throws Exception {
    client();
    collector.stubFor(post(urlEqualTo(TOKEN)).willReturn(
        okJson(tokenJson(ACCESS_TOKEN_1, API_KEY_1, 900, START.plus(Duration.ofHours(1)))).withFixedDelay(300)));
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

    assertThat(collector.findAll(postRequestedFor(urlEqualTo(TOKEN)))).hasSize(1);
    assertThat(collector.findAll(postRequestedFor(urlEqualTo("/v1/quota/lease")))).hasSize(1);
    verifyUpstreamKey(threads, API_KEY_1);
  }

  @Test
  void concurrentCallersInTheRefreshWindowTriggerOneRefreshAndAreNotBlocked() throws Exception {
    ExecutorService refresher = Executors.newSingleThreadExecutor();
    CountDownLatch releaseToken = new CountDownLatch(1);
    client(b -> b.refreshExecutor(r -> refresher.execute(() -> {
      try {
        releaseToken.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      r.run();
    })));
    tollgate.chat().create(chatRequest());
    stubToken(ACCESS_TOKEN_2, API_KEY_2, 900, START.plus(Duration.ofHours(2)));
    clock.advance(Duration.ofSeconds(850));

    // The refresh is held back: every call proceeds at once with the still-valid key.
    for (int i = 0; i < 5; i++) {
      tollgate.chat().create(chatRequest());
    }
    verifyUpstreamKey(6, API_KEY_1);
    releaseToken.countDown();
    refresher.shutdown();
    assertThat(refresher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    tollgate.chat().create(chatRequest());
    assertThat(collector.findAll(postRequestedFor(urlEqualTo(TOKEN)))).hasSize(2);
    verifyUpstreamKey(1, API_KEY_2);
  }
}
