package dev.tollgate.collector.metrics;

import dev.tollgate.collector.common.FeatureContext;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Prometheus text at {@code /metrics/prometheus} on the admin port, beside Dropwizard's JSON
 * {@code /metrics}: the JVM (client_java's standard JVM and process collectors), Dropwizard's
 * registry (Jetty, Jersey, the database pool, Tollgate's meters) and the quotas' used ratio.
 */
public final class MetricsFeature {

  /** The path on the admin port. */
  public static final String PATH = "/metrics/prometheus";

  private MetricsFeature() {}

  /** Registers the scrape servlet on the admin port. */
  public static void register(FeatureContext context) {
    // One registry per application: tests run several collectors in one JVM.
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    registry.register(new DropwizardCollector(context.environment().metrics()));
    registry.register(new QuotaUsageCollector(context.jdbi(), context.clock()));
    context.environment().admin().addServlet("prometheus", new PrometheusMetricsServlet(registry))
        .addMapping(PATH);
  }
}
