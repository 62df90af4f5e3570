package dev.tollgate.collector.alerts;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.common.FeatureContext;
import java.math.BigDecimal;

/** Budget alerts: channels, the alert history, and the sender that delivers the outbox. */
public final class AlertsFeature {

  private AlertsFeature() {}

  /** Registers the resources and the sender; returns what ingest raises alerts with. */
  public static AlertRaiser register(FeatureContext context, AlertSender.Settings sending, BigDecimal spikeMultiple,
      ProviderKeyCipher cipher) {
    var environment = context.environment();
    var json = environment.getObjectMapper();
    AlertSender sender = new AlertSender(context.jdbi(), context.clock(), cipher, json, sending);
    AlertRaiser raiser = new AlertRaiser(json, context.clock(), spikeMultiple, sender::wake);
    environment.lifecycle().manage(sender);
    environment.jersey().register(new ChannelResource(new ChannelService(context.jdbi(), context.clock(), cipher,
        new AuditLog(json, context.clock()), raiser)));
    environment.jersey().register(new AlertsResource(new AlertHistory(context.jdbi(), json)));
    return raiser;
  }
}
