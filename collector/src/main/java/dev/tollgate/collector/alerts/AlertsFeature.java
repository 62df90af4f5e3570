package dev.tollgate.collector.alerts;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.common.FeatureContext;

/** Budget alerts: channels, the alert history, and the sender that delivers the outbox. */
public final class AlertsFeature {

  private AlertsFeature() {}

  /** Registers the resources and the sender; returns what ingest raises alerts with. */
  public static AlertRaiser register(FeatureContext context, AlertsConfiguration config) {
    var environment = context.environment();
    var json = environment.getObjectMapper();
    ProviderKeyCipher cipher = new ProviderKeyCipher(context.config().getEncryptionKey());
    AlertSender sender = new AlertSender(context.jdbi(), context.clock(), cipher, json, config);
    AlertRaiser raiser = new AlertRaiser(json, context.clock(), config.getSpendSpikeMultiple(), sender::wake);
    environment.lifecycle().manage(sender);
    environment.jersey().register(new ChannelResource(new ChannelService(context.jdbi(), context.clock(), cipher,
        new AuditLog(json, context.clock()), raiser)));
    environment.jersey().register(new AlertsResource(new AlertHistory(context.jdbi(), json)));
    return raiser;
  }
}
