package dev.tollgate.collector.usage;

import dev.tollgate.collector.alerts.AlertRaiser;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.infra.PeriodicTask;
import dev.tollgate.collector.pricing.PriceBookCache;
import dev.tollgate.collector.sources.SourceClassifier;

/** Usage ingest: validation, idempotency, rating and rollups in one transaction per batch; re-rating; monthly partitions. */
public final class UsageFeature {

  private UsageFeature() {}

  /**
   * Registers this feature's resources, with the instance's source rules and price book, and the
   * alert raiser, the maintenance of the monthly partitions and the compaction of the latency histograms.
   */
  public static void register(FeatureContext context, SourceClassifier sources, PriceBookCache prices,
      AlertRaiser alerts, UsagePartitions.Settings storage) {
    var environment = context.environment();
    // Partitions: once before the instance serves (so the current month has its partition), then hourly.
    UsagePartitions partitions = new UsagePartitions(context.jdbi(), context.clock(), storage);
    environment.lifecycle().manage(new PeriodicTask("usage partitions", storage.maintenanceInterval(), true,
        partitions::runOnce));
    LatencyCompaction compaction = new LatencyCompaction(context.jdbi(), context.clock());
    environment.lifecycle().manage(new PeriodicTask("latency compaction", storage.latencyCompactionInterval(), false,
        compaction::runOnce));
    IngestService ingest = new IngestService(context.jdbi(), context.clock(), sources, prices,
        environment.getObjectMapper(), environment.metrics(), alerts);
    environment.jersey().register(new UsageResource(ingest, environment.getObjectMapper(), environment.metrics()));
    environment.jersey().register(new RerateResource(new RerateService(context.jdbi(), context.clock(), prices,
        new AuditLog(environment.getObjectMapper(), context.clock()))));
  }
}
