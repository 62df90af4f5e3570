package dev.tollgate.collector.sources;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.FeatureContext;

/** Source rules, {@code /v1/admin/sources}; the {@link SourceClassifier} that reads them serves quota and usage. */
public final class SourcesFeature {

  private SourcesFeature() {}

  /** Registers this feature's resources. */
  public static void register(FeatureContext context) {
    AuditLog audit = new AuditLog(context.environment().getObjectMapper(), context.clock());
    context.environment().jersey().register(new SourceResource(new SourceService(context.jdbi(), audit,
        context.clock())));
  }
}
