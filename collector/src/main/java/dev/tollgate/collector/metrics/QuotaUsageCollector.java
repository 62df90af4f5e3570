package dev.tollgate.collector.metrics;

import dev.tollgate.collector.quota.PlanDao;
import dev.tollgate.collector.quota.Quota;
import dev.tollgate.collector.quota.QuotaState;
import dev.tollgate.collector.quota.QuotaStates;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tollgate_quota_used_ratio{team,quota,unit,period}}: used / limit of every quota of an
 * active subscription of an active team, in its current period, read from the database at each
 * scrape (so every collector instance reports the same values: aggregate with {@code max}).
 * Used counts what events consumed, not open lease reservations, as budget alerts do. A zero
 * limit reads as 1 (at its limit).
 */
final class QuotaUsageCollector implements MultiCollector {

  static final String NAME = "tollgate_quota_used_ratio";

  private static final Logger LOG = LoggerFactory.getLogger(QuotaUsageCollector.class);

  private final Jdbi jdbi;
  private final Clock clock;

  QuotaUsageCollector(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public MetricSnapshots collect() {
    Instant now = clock.instant();
    List<GaugeDataPointSnapshot> points = new ArrayList<>();
    try {
      jdbi.useHandle(h -> {
        Map<UUID, String> teams = new HashMap<>();
        List<Quota> quotas = new ArrayList<>();
        for (PlanDao.TeamQuota q : h.attach(PlanDao.class).activeQuotas(now)) {
          teams.put(q.quota().id(), q.team());
          quotas.add(q.quota());
        }
        for (QuotaState state : QuotaStates.read(h, quotas, now)) {
          Quota q = state.quota();
          points.add(GaugeDataPointSnapshot.builder()
              .labels(Labels.of("team", teams.get(q.id()), "quota", q.id().toString(),
                  "unit", q.unit().wireName(), "period", q.period().wireName()))
              .value(ratio(state.used(), q.limit()))
              .build());
        }
      });
    } catch (RuntimeException e) {
      // The rest of the scrape still answers; the pool gauges and health checks show the database.
      LOG.warn("Quota usage not exported: the database could not be read ({})", e.getClass().getSimpleName());
      return MetricSnapshots.of();
    }
    return MetricSnapshots.of(new GaugeSnapshot(new MetricMetadata(NAME,
        "Share of a quota's limit used in its current period (events, not reservations)"), points));
  }

  static double ratio(BigDecimal used, BigDecimal limit) {
    if (limit.signum() == 0) {
      return 1;
    }
    return used.divide(limit, MathContext.DECIMAL64).doubleValue();
  }
}
