package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.sdk.metrics.MicrometerMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's Micrometer meters, read back from a {@link SimpleMeterRegistry} after real calls. */
class MicrometerMetricsTest extends SdkTestBase {

  SimpleMeterRegistry registry;

  @BeforeEach
  void registry() {
    registry = new SimpleMeterRegistry();
  }

  private double calls(String outcome) {
    var counter = registry.find("tollgate.calls").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aSuccessfulCallCountsItsOutcomeTokensAndDuration() {
    client(b -> b.metrics(MicrometerMetrics.of(registry))).chat().create(chatRequest());

    assertThat(calls("success")).isEqualTo(1);
    DistributionSummary input = registry.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "input")
        .tag("gen_ai.operation.name", "chat").tag("gen_ai.request.model", "gpt-4o-mini")
        .tag("gen_ai.response.model", "gpt-4o-mini-2024-07-18").summary();
    DistributionSummary output = registry.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "output")
        .summary();
    assertThat(input.totalAmount()).isEqualTo(1200);
    assertThat(output.totalAmount()).isEqualTo(300);
    Timer duration = registry.find("gen_ai.client.operation.duration").tag("gen_ai.provider.name", "openai").timer();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(duration.getId().getTag("error.type")).isNull();
    // The lease granted 100000 tokens; the call took its actual 1500.
    assertThat(registry.get("tollgate.quota.remaining").tag("unit", "tokens").gauge().value()).isEqualTo(98_500);
    assertThat(registry.get("tollgate.quota.remaining").tag("unit", "cost").gauge().value()).isNaN();
  }

  @Test
  void aQuotaRefusalIsCountedAndNothingGoesUpstream() {
    collector.stubFor(post(urlEqualTo("/v1/quota/lease")).willReturn(aResponse().withStatus(402)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"type\":\"https://tollgate.dev/problems/payment-required\",\"title\":\"Payment Required\","
            + "\"status\":402,\"reason\":\"quota_exceeded\",\"detail\":\"used up\"}")));
    Tollgate client = client(b -> b.metrics(MicrometerMetrics.of(registry)));

    assertThatThrownBy(() -> client.chat().create(chatRequest()))
        .isInstanceOf(QuotaExceededException.class);

    assertThat(calls("refused")).isEqualTo(1);
    assertThat(calls("success")).isZero();
    assertThat(upstreamRequests()).isEmpty();
  }

  @Test
  void anUpstreamErrorIsCountedWithItsErrorType() {
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"code\":null}}")));
    Tollgate client = client(b -> b.metrics(MicrometerMetrics.of(registry)));

    assertThatThrownBy(() -> client.chat().create(chatRequest())).isInstanceOf(UpstreamException.class);

    assertThat(calls("error")).isEqualTo(1);
    assertThat(registry.get("gen_ai.client.operation.duration").tag("error.type", "invalid_request_error").timer()
        .count()).isEqualTo(1);
    assertThat(registry.find("gen_ai.client.token.usage").summaries()).isEmpty();
  }

  @Test
  void genAiMetersCanBeLeftToAnotherInstrumentation() {
    client(b -> b.metrics(MicrometerMetrics.builder(registry).genAiMeters(false).build()))
        .chat().create(chatRequest());

    assertThat(calls("success")).isEqualTo(1);
    assertThat(registry.find("gen_ai.client.token.usage").meters()).isEmpty();
    assertThat(registry.find("gen_ai.client.operation.duration").meters()).isEmpty();
  }

  @Test
  void eventsTheCollectorCouldNotTakeAreCountedAsSpooled(@TempDir Path spool) {
    collector.stubFor(post(urlEqualTo("/v1/usage/events")).willReturn(aResponse().withStatus(503)));
    Tollgate client = Tollgate.builder()
        .collectorUrl(collector.baseUrl()).clientId(CLIENT_ID).clientSecret(CLIENT_SECRET)
        .clock(clock).sleeper(sleeper).refreshExecutor(Runnable::run)
        .spoolDirectory(spool).shutdownHook(false)
        .metrics(MicrometerMetrics.of(registry))
        .build();
    client.chat().create(chatRequest());

    client.close();

    assertThat(registry.get("tollgate.usage.spooled").functionCounter().count()).isEqualTo(1);
  }
}
