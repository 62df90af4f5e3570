package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FailModeTest extends SdkTestBase {

  private static final String CHAT = "/v1/chat/completions";

  private static void collectorGoesDown() {
    collector.resetAll();
    collector.stubFor(post(urlPathMatching("/v1/.*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
  }

  private static int upstreamCalls() {
    return upstream.findAll(postRequestedFor(urlEqualTo(CHAT))).size();
  }

  @ParameterizedTest
  @EnumSource(FailMode.class)
  void withoutEverReachingTheCollectorNoCallIsMade(FailMode mode) throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    client(b -> b.failMode(mode).collectorUrl("http://localhost:" + closedPort));

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOf(CollectorUnavailableException.class);
    assertThat(upstreamRequests()).isEmpty();
  }

  /**
   * A collector that accepts the connection but answers only after the collector timeout is
   * unreachable: its (valid, late) token is not waited for, as the upstream read timeout of ten
   * minutes would have it.
   */
  @Test
  void aCollectorThatDoesNotAnswerWithinTheCollectorTimeoutIsUnreachable() {
    collector.stubFor(post(urlEqualTo("/v1/auth/token")).willReturn(
        okJson(tokenJson(ACCESS_TOKEN_1, API_KEY_1, 900, START.plus(Duration.ofHours(1)))).withFixedDelay(3_000)));
    client(b -> b.failMode(FailMode.CLOSED).collectorTimeout(Duration.ofMillis(300)));

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOf(CollectorUnavailableException.class);
    assertThat(upstreamRequests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(FailMode.class)
  void callsGoOnWhileTheCredentialsAndTheLeaseAreValid(FailMode mode) {
    client(b -> b.failMode(mode));
    tollgate.chat().create(chatRequest());
    collectorGoesDown();

    clock.advance(Duration.ofMinutes(4));
    tollgate.chat().create(chatRequest());
    tollgate.chat().create(chatRequest());

    assertThat(upstreamCalls()).isEqualTo(3);
    assertThat(sink.events).hasSize(3).allSatisfy(e -> assertThat(e.leaseId()).isEqualTo("lease-1"));
  }

  @Test
  void openAdmitsWithoutALeaseForTheGracePeriodThenRefuses() {
    client(b -> b.failMode(FailMode.OPEN).gracePeriod(Duration.ofMinutes(15)));
    tollgate.chat().create(chatRequest());
    collectorGoesDown();

    clock.advance(Duration.ofMinutes(6)); // lease expired, collector unreachable
    tollgate.chat().create(chatRequest());
    assertThat(sink.last().leaseId()).isNull();
    assertThat(sink.last().statusCode()).isEqualTo(200);
    tollgate.chat().create(chatRequest()); // within the retry interval: no new collector attempt
    assertThat(collector.findAll(postRequestedFor(urlEqualTo("/v1/quota/lease")))).hasSize(1);

    clock.advance(Duration.ofMinutes(10)); // credentials expired too (15 min), still within grace
    tollgate.chat().create(chatRequest());
    assertThat(upstreamCalls()).isEqualTo(4);

    clock.advance(Duration.ofMinutes(6)); // 22 minutes: beyond the grace period
    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOf(CollectorUnavailableException.class);
    assertThat(upstreamCalls()).isEqualTo(4);
  }

  @Test
  void closedRefusesOnceTheLeaseNeedsRenewal() {
    client(b -> b.failMode(FailMode.CLOSED));
    tollgate.chat().create(chatRequest());
    collectorGoesDown();

    clock.advance(Duration.ofMinutes(6));

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessageContaining("CLOSED");
    assertThat(upstreamCalls()).isEqualTo(1);
  }

  @Test
  void theCollectorComingBackEndsTheDegradedMode() {
    client(b -> b.failMode(FailMode.OPEN));
    tollgate.chat().create(chatRequest());
    collectorGoesDown();
    clock.advance(Duration.ofMinutes(6));
    tollgate.chat().create(chatRequest());
    assertThat(sink.last().leaseId()).isNull();

    collector.resetAll();
    stubToken(ACCESS_TOKEN_2, API_KEY_2, 900, START.plus(Duration.ofHours(2)));
    stubLease("lease-2", START.plus(Duration.ofMinutes(30)), "{\"quota_id\":\"q\",\"unit\":\"tokens\",\"amount\":100000}");
    clock.advance(Duration.ofSeconds(10));
    tollgate.chat().create(chatRequest());

    assertThat(sink.last().leaseId()).isEqualTo("lease-2");
  }
}
