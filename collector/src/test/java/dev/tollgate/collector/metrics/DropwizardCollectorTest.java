package dev.tollgate.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.tollgate.collector.infra.TollgateMeters;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dropwizard names as Prometheus families, written by client_java and read back by the strict parser. */
class DropwizardCollectorTest {

  @Test
  void tollgateMetersBecomeLabelledFamiliesAndOtherNamesStayReadable() throws Exception {
    MetricRegistry dropwizard = new MetricRegistry();
    TollgateMeters.ingestEvents(dropwizard, TollgateMeters.ACCEPTED).mark(3);
    TollgateMeters.ingestEvents(dropwizard, TollgateMeters.REJECTED).mark();
    TollgateMeters.leases(dropwizard, "quota_exceeded").mark();
    TollgateMeters.ingestPhase(dropwizard, "write-events").update(2_500_000, java.util.concurrent.TimeUnit.NANOSECONDS);
    dropwizard.register("io.dropwizard.db.ManagedPooledDataSource.postgresql.created", (Gauge<Long>) () -> 7L);
    dropwizard.register("io.dropwizard.db.ManagedPooledDataSource.postgresql.active", (Gauge<Integer>) () -> 2);
    dropwizard.register("some.pool.created", (Gauge<Long>) () -> 5L);
    dropwizard.register("jvm.memory.heap.used", (Gauge<Long>) () -> 1L);
    dropwizard.meter("ch.qos.logback.core.Appender.warn").mark();

    Map<String, PrometheusText.Family> f = PrometheusText.parse(scrape(dropwizard));

    assertThat(f.get("tollgate_ingest_events_total").value("tollgate_ingest_events_total",
        Map.of("outcome", "accepted"))).contains(3.0);
    assertThat(f.get("tollgate_ingest_events_total").value("tollgate_ingest_events_total",
        Map.of("outcome", "rejected"))).contains(1.0);
    assertThat(f.get("tollgate_leases_total").value("tollgate_leases_total", Map.of("outcome", "quota_exceeded")))
        .contains(1.0);
    assertThat(f.get("tollgate_ingest_phase_seconds").value("tollgate_ingest_phase_seconds_sum",
        Map.of("phase", "write-events"))).contains(0.0025);
    assertThat(f.get("tollgate_db_pool_connection_events_total").value("tollgate_db_pool_connection_events_total",
        Map.of("pool", "postgresql", "event", "created"))).contains(7.0);
    assertThat(f.get("tollgate_db_pool_active_connections").value("tollgate_db_pool_active_connections",
        Map.of("pool", "postgresql"))).contains(2.0);
    assertThat(f.get("some_pool_created_value").type()).isEqualTo("gauge");
    assertThat(f.get("ch_qos_logback_core_Appender_warn_total").type()).isEqualTo("counter");
    assertThat(f).doesNotContainKey("jvm_memory_heap_used");
  }

  private static String scrape(MetricRegistry dropwizard) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new DropwizardCollector(dropwizard));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    return out.toString(StandardCharsets.UTF_8);
  }
}
