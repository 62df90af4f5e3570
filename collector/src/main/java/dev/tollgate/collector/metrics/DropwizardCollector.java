package dev.tollgate.collector.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import dev.tollgate.collector.infra.SummingTimer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Dropwizard's registry as Prometheus families, read at each scrape: Tollgate's meters and the
 * database pool under the names of {@link Families}, everything else (Jetty, Jersey, logback)
 * under its sanitised Dropwizard name. Meters become counters, counters and numeric gauges
 * gauges, timers summaries in seconds, histograms summaries. The {@code jvm.*} metrics are left
 * to the standard JVM collectors. (client_java's own Dropwizard bridge is not on Maven Central
 * for 1.10, and could not merge several Dropwizard names into one labelled family.)
 */
final class DropwizardCollector implements MultiCollector {

  private enum Kind { COUNTER, GAUGE, SUMMARY }

  /** The data points of one family being assembled. */
  private static final class Builder {
    final Kind kind;
    final String help;
    final Map<Labels, Metric> points = new LinkedHashMap<>();

    Builder(Kind kind, String help) {
      this.kind = kind;
      this.help = help;
    }
  }

  private final MetricRegistry registry;

  DropwizardCollector(MetricRegistry registry) {
    this.registry = registry;
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, Builder> families = new LinkedHashMap<>();
    registry.getMetrics().forEach((name, metric) -> {
      Optional<Kind> found = kindOf(metric);
      if (name.startsWith("jvm.") || found.isEmpty()) {
        return;
      }
      Target target = target(name, metric);
      Kind kind = target.cumulative() ? Kind.COUNTER : found.get();
      Builder family = families.computeIfAbsent(target.name(), k -> new Builder(kind, target.help()));
      if (family.kind == kind) {
        // Two Dropwizard names that sanitise alike: the first one wins.
        family.points.putIfAbsent(target.labels(), metric);
      }
    });
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    families.forEach((name, family) -> out.metricSnapshot(snapshot(name, family)));
    return out.build();
  }

  /** Where one Dropwizard metric goes: a family of {@link Families}, else its own sanitised name. */
  private record Target(String name, String help, Labels labels, boolean cumulative) {}

  private static Target target(String name, Metric metric) {
    for (Families.Family family : Families.ALL) {
      Optional<List<String>> values = family.match(name);
      if (values.isPresent()) {
        return new Target(family.name(), family.help(), Labels.of(family.labels(), values.get()),
            family.cumulative() && metric instanceof Gauge<?>);
      }
    }
    String kind = metric.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    return new Target(sanitize(name, metric instanceof Meter) + (metric instanceof Timer ? "_seconds" : ""),
        "Dropwizard " + kind + " " + name, Labels.EMPTY, false);
  }

  private static Optional<Kind> kindOf(Metric metric) {
    if (metric instanceof Meter) {
      return Optional.of(Kind.COUNTER);
    }
    if (metric instanceof Timer || metric instanceof Histogram) {
      return Optional.of(Kind.SUMMARY);
    }
    if (metric instanceof Counter) {
      return Optional.of(Kind.GAUGE);
    }
    if (metric instanceof Gauge<?> gauge) {
      Object value = gauge.getValue();
      return value instanceof Number || value instanceof Boolean ? Optional.of(Kind.GAUGE) : Optional.empty();
    }
    return Optional.empty();
  }

  private static MetricSnapshot snapshot(String name, Builder family) {
    MetricMetadata metadata = new MetricMetadata(name, family.help);
    return switch (family.kind) {
      case COUNTER -> new CounterSnapshot(metadata, family.points.entrySet().stream()
          .map(p -> CounterDataPointSnapshot.builder().labels(p.getKey()).value(counterValue(p.getValue())).build())
          .toList());
      case GAUGE -> new GaugeSnapshot(metadata, family.points.entrySet().stream()
          .map(p -> GaugeDataPointSnapshot.builder().labels(p.getKey()).value(gaugeValue(p.getValue())).build())
          .toList());
      case SUMMARY -> new SummarySnapshot(metadata, family.points.entrySet().stream()
          .map(p -> summary(p.getKey(), p.getValue()))
          .toList());
    };
  }

  private static double counterValue(Metric metric) {
    return metric instanceof Meter meter ? meter.getCount() : gaugeValue(metric);
  }

  private static double gaugeValue(Metric metric) {
    if (metric instanceof Counter counter) {
      return counter.getCount();
    }
    Object value = ((Gauge<?>) metric).getValue();
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static SummaryDataPointSnapshot summary(Labels labels, Metric metric) {
    // Timers record nanoseconds; Prometheus wants base units.
    double factor = metric instanceof Timer ? 1e-9 : 1;
    Snapshot s = ((Sampling) metric).getSnapshot();
    Quantiles quantiles = Quantiles.builder()
        .quantile(0.5, s.getMedian() * factor)
        .quantile(0.75, s.get75thPercentile() * factor)
        .quantile(0.95, s.get95thPercentile() * factor)
        .quantile(0.99, s.get99thPercentile() * factor)
        .quantile(0.999, s.get999thPercentile() * factor)
        .build();
    long count = metric instanceof Timer t ? t.getCount() : ((Histogram) metric).getCount();
    SummaryDataPointSnapshot.Builder point = SummaryDataPointSnapshot.builder().labels(labels).quantiles(quantiles);
    point.count(count);
    if (metric instanceof SummingTimer summing) {
      point.sum(summing.totalSeconds());
    }
    return point.build();
  }

  /**
   * A name valid in every Prometheus version, {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, without a suffix the
   * text format reserves: a counter's {@code _total} goes (the writer adds it back), any other
   * reserved ending keeps its word and gains {@code _value} ({@code ..._created} would otherwise
   * lose its meaning).
   */
  static String sanitize(String dropwizardName, boolean counter) {
    String legacy = dropwizardName.replaceAll("[^a-zA-Z0-9_:]+", "_");
    if (!legacy.isEmpty() && Character.isDigit(legacy.charAt(0))) {
      legacy = "_" + legacy;
    }
    String stripped = PrometheusNaming.sanitizeMetricName(legacy);
    return counter || stripped.equals(legacy) ? stripped : legacy + "_value";
  }
}
