package dev.tollgate.collector.metrics;

import static dev.tollgate.collector.usage.IngestTestData.batch;
import static dev.tollgate.collector.usage.IngestTestData.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scrapes {@code /metrics/prometheus} on the admin port as Prometheus would, before and after real traffic. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrometheusEndpointIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), c -> { });
  static final Instant NOW = ClockedApp.DEFAULT_NOW;
  static IngestTestData data;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(NOW);
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-default-key-1234", true);
    data.ratingExamplePriceBook();
  }

  @Test
  void servesJvmDropwizardAndPoolMetricsAsValidPrometheusText() throws Exception {
    HttpResponse<String> r = scrapeResponse();

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    Map<String, PrometheusText.Family> families = PrometheusText.parse(r.body());
    assertThat(families.get("jvm_memory_used_bytes").type()).isEqualTo("gauge");
    assertThat(families.get("process_cpu_seconds_total").type()).isEqualTo("counter");
    // Jetty's request meters from Dropwizard's registry.
    assertThat(families).containsKey("io_dropwizard_jetty_MutableServletContextHandler_requests_seconds");
    assertThat(families.get("tollgate_db_pool_connections").value("tollgate_db_pool_connections",
        Map.of("pool", "postgresql"))).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    assertThat(families.get("tollgate_db_pool_active_connections").help()).isEqualTo("Database connections in use");
    assertThat(families.get("tollgate_db_pool_connection_events_total").type()).isEqualTo("counter");
    assertThat(families.get("tollgate_db_pool_connection_events_total").value(
        "tollgate_db_pool_connection_events_total", Map.of("pool", "postgresql", "event", "borrowed")))
        .hasValueSatisfying(v -> assertThat(v).isPositive());
    // Every SqlObject method is one series of one family, not a family of its own.
    assertThat(families.get("tollgate_db_statement_seconds").samples())
        .anyMatch(s -> s.labels().getOrDefault("statement", "").matches("\\w+Dao\\.\\w+"));
    assertThat(families.keySet()).noneMatch(name -> name.contains("Dao_"));
    // Dropwizard's JVM gauges are left to the standard collectors, not exported twice.
    assertThat(families.keySet()).noneMatch(name -> name.startsWith("jvm_memory_heap"));
  }

  @Test
  void tollgateMetersMoveWithIngestAndLeases() throws Exception {
    UUID team = data.team("Metered", "active", null);
    UUID sub = data.subscription(team, data.product("Metered product", "0", "chat.completions"),
        Instant.parse("2026-01-01T00:00:00Z"), null, "active");
    UUID quota = data.quota(sub, "tokens", "month", "10000", "hard");
    String token = data.token(data.client(team, "active"));
    Map<String, PrometheusText.Family> before = scrape();

    assertThat(data.post("/v1/quota/lease", token, "{\"model\":\"gpt-4o-mini\"}").statusCode()).isEqualTo(200);
    assertThat(data.post("/v1/quota/lease", token, "{\"model\":\"gpt-4o-mini\",\"estimate\":{\"tokens\":20000}}")
        .statusCode()).isEqualTo(402);
    String usage = "{\"prompt_tokens\":1500,\"completion_tokens\":500}";
    UUID first = UUID.randomUUID();
    String ok = data.post("/v1/usage/events", token, batch(event(first, NOW, "gpt-4o-mini", usage),
        event(UUID.randomUUID(), NOW, "gpt-4o-mini", usage),
        event(UUID.randomUUID(), NOW, "gpt-4o-mini", "{\"prompt_tokens\":-1}"))).body();
    assertThat(ok).contains("\"accepted\":2");
    assertThat(data.post("/v1/usage/events", token, batch(event(first, NOW, "gpt-4o-mini", usage))).statusCode())
        .isEqualTo(200);
    Map<String, PrometheusText.Family> after = scrape();

    assertThat(delta(before, after, "tollgate_ingest_events_total", Map.of("outcome", "accepted"))).isEqualTo(2);
    assertThat(delta(before, after, "tollgate_ingest_events_total", Map.of("outcome", "rejected"))).isEqualTo(1);
    assertThat(delta(before, after, "tollgate_ingest_events_total", Map.of("outcome", "duplicate"))).isEqualTo(1);
    assertThat(delta(before, after, "tollgate_leases_total", Map.of("outcome", "granted"))).isEqualTo(1);
    assertThat(delta(before, after, "tollgate_leases_total", Map.of("outcome", "quota_exceeded"))).isEqualTo(1);
    assertThat(after.get("tollgate_ingest_events_total").type()).isEqualTo("counter");

    PrometheusText.Family ratio = after.get("tollgate_quota_used_ratio");
    assertThat(ratio.type()).isEqualTo("gauge");
    assertThat(ratio.value("tollgate_quota_used_ratio", Map.of("team", "Metered", "quota", quota.toString(),
        "unit", "tokens", "period", "month"))).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.4, within(1e-12)));

    PrometheusText.Family phases = after.get("tollgate_ingest_phase_seconds");
    assertThat(phases.type()).isEqualTo("summary");
    Map<String, String> transaction = Map.of("phase", "transaction");
    assertThat(delta(before, after, "tollgate_ingest_phase_seconds", "tollgate_ingest_phase_seconds_count",
        transaction)).isEqualTo(2);
    assertThat(phases.value("tollgate_ingest_phase_seconds_sum", transaction))
        .hasValueSatisfying(v -> assertThat(v).isPositive());
  }

  private static double delta(Map<String, PrometheusText.Family> before, Map<String, PrometheusText.Family> after,
      String family, Map<String, String> labels) {
    return delta(before, after, family, family, labels);
  }

  private static double delta(Map<String, PrometheusText.Family> before, Map<String, PrometheusText.Family> after,
      String family, String sample, Map<String, String> labels) {
    return valueOf(after, family, sample, labels) - valueOf(before, family, sample, labels);
  }

  private static double valueOf(Map<String, PrometheusText.Family> families, String family, String sample,
      Map<String, String> labels) {
    PrometheusText.Family f = families.get(family);
    return f == null ? 0 : f.value(sample, labels).orElse(0.0);
  }

  private static Map<String, PrometheusText.Family> scrape() throws Exception {
    HttpResponse<String> r = scrapeResponse();
    assertThat(r.statusCode()).isEqualTo(200);
    return PrometheusText.parse(r.body());
  }

  private static HttpResponse<String> scrapeResponse() throws Exception {
    return data.http.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + APP.getAdminPort() + MetricsFeature.PATH)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
