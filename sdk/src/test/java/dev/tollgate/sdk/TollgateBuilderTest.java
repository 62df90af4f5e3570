package dev.tollgate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TollgateBuilderTest extends SdkTestBase {

  @Test
  void readsTheEnvironmentAndLetsSystemPropertiesWin() {
    Properties props = new Properties();
    props.setProperty("TOLLGATE_CLIENT_SECRET", CLIENT_SECRET);
    TollgateBuilder b = Tollgate.builder().fromEnvironment(
        Map.of("TOLLGATE_URL", collector.baseUrl(), "TOLLGATE_CLIENT_ID", CLIENT_ID, "TOLLGATE_CLIENT_SECRET", "wrong"),
        props);
    tollgate = b.clock(clock).sleeper(sleeper).refreshExecutor(Runnable::run).usageSink(sink).build();

    tollgate.chat().create(chatRequest());

    assertThat(sink.events).hasSize(1);
    assertThat(collector.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v1/auth/token"))).get(0).getBodyAsString())
        .contains(CLIENT_SECRET);
  }

  @Test
  void dottedSystemPropertiesWorkToo() {
    Properties props = new Properties();
    props.setProperty("tollgate.url", collector.baseUrl());
    props.setProperty("tollgate.client-id", CLIENT_ID);
    props.setProperty("tollgate.client-secret", CLIENT_SECRET);
    tollgate = Tollgate.builder().fromEnvironment(Map.of(), props).clock(clock).usageSink(sink).build();
    tollgate.chat().create(chatRequest());
    assertThat(sink.events).hasSize(1);
  }

  @Test
  void missingSettingsAreReportedByName() {
    assertThatThrownBy(() -> Tollgate.builder().fromEnvironment(Map.of(), new Properties()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TOLLGATE_URL");
  }

  @Test
  void byDefaultUsageIsShippedToTheCollectorAndCloseFlushesIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path spool) {
    collector.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
            com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v1/usage/events"))
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
            "{\"accepted\": 1, \"duplicates\": 0, \"rejected\": []}")));
    tollgate = Tollgate.builder().collectorUrl(collector.baseUrl()).clientId(CLIENT_ID).clientSecret(CLIENT_SECRET)
        .spoolDirectory(spool).shutdownHook(false).build();

    tollgate.chat().create(chatRequest());
    tollgate.close();

    assertThat(collectorCount("/v1/usage/events")).isEqualTo(1);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> Tollgate.builder().maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tollgate.builder().collectorUrl("not a url")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tollgate.builder().gracePeriod(java.time.Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closeIsIdempotentAndClosesTheSink() {
    client();
    tollgate.close();
    tollgate.close();
    assertThat(sink.closed).isTrue();
    assertThatThrownBy(() -> tollgate.chat().create(chatRequest())).isInstanceOf(IllegalStateException.class);
  }
}
