package dev.tollgate.collector;

import dev.tollgate.collector.admin.AdminFeature;
import dev.tollgate.collector.apidoc.ApiDocFeature;
import dev.tollgate.collector.alerts.AlertRaiser;
import dev.tollgate.collector.alerts.AlertSender;
import dev.tollgate.collector.alerts.AlertsFeature;
import dev.tollgate.collector.auth.AccessTokens;
import dev.tollgate.collector.auth.BearerAuthenticator;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.auth.SecretHasher;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.config.AlertsConfiguration;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.config.UsageStorageConfiguration;
import dev.tollgate.collector.credentials.CredentialsFeature;
import dev.tollgate.collector.config.MintingConfiguration;
import dev.tollgate.collector.metrics.MetricsFeature;
import dev.tollgate.collector.minting.MintingFeature;
import dev.tollgate.collector.minting.MintingSettings;
import dev.tollgate.collector.periods.PeriodsFeature;
import dev.tollgate.collector.periods.PeriodService;
import dev.tollgate.collector.pricing.PriceBookCache;
import dev.tollgate.collector.pricing.PriceService;
import dev.tollgate.collector.quota.LeaseService;
import dev.tollgate.collector.pricing.PricingFeature;
import dev.tollgate.collector.quota.QuotaFeature;
import dev.tollgate.collector.reports.Reports;
import dev.tollgate.collector.reports.ReportsFeature;
import dev.tollgate.collector.console.ConsoleFeature;
import dev.tollgate.collector.sources.SourceClassifier;
import dev.tollgate.collector.sources.SourcesFeature;
import dev.tollgate.collector.usage.UsageFeature;
import dev.tollgate.collector.usage.UsagePartitions;

/**
 * Wires each feature package: hands it the shared context, the settings it needs from the
 * configuration, and the instance's shared caches (one price book snapshot, one set of source
 * rules), so that no feature reads the configuration or another feature's wiring.
 */
final class Services {

  private final TollgateConfiguration config;
  private final FeatureContext context;
  private final AccessTokens accessTokens;

  Services(TollgateConfiguration config, FeatureContext context, AccessTokens accessTokens) {
    this.config = config;
    this.context = context;
    this.accessTokens = accessTokens;
  }

  void register() {
    PriceBookCache prices = new PriceBookCache();
    SourceClassifier sources = new SourceClassifier(context.jdbi(), context.clock(), SourceClassifier.DEFAULT_TTL);
    ProviderKeyCipher cipher = new ProviderKeyCipher(config.getEncryptionKey());

    MintingConfiguration m = config.getMinting();
    MintingFeature.Upstreams upstreams = MintingFeature.register(context, cipher, new MintingSettings(m.isReaperEnabled(),
        m.getPollInterval().toJavaDuration(), m.getOverlap().toJavaDuration(), m.getMinRemaining().toJavaDuration(),
        m.getRequestTimeout().toJavaDuration(), m.getLockWait().toJavaDuration(), m.getInitialBackoff().toJavaDuration(),
        m.getMaxBackoff().toJavaDuration(), m.getBatchSize(), m.getKeyScopes()), m.getEntraAuthority());
    AdminFeature.Services admin = AdminFeature.register(context, new SecretHasher(config.getClientSecretHashIterations()), cipher, upstreams.minted());
    SourcesFeature.register(context);
    PriceService priceService = PricingFeature.register(context, prices);
    CredentialsFeature.register(context, accessTokens, cipher, upstreams, new CredentialsFeature.Limits(
        config.getUpstreamLeaseTtl().toJavaDuration(), config.getAuthMaxFailures(),
        config.getAuthFailureWindow().toJavaDuration(), config.getAuthHashConcurrency()));
    LeaseService leases = QuotaFeature.register(context, new QuotaFeature.LeaseLimits(config.getQuotaLeaseTtl().toJavaDuration(),
        config.getQuotaLeaseMaxFractionOfLimit(), config.getQuotaLeaseMaxFractionOfRemaining(),
        config.getQuotaLeaseMaxClientShareOfLimit(), new QuotaFeature.InstanceLeaseSettings(config.isQuotaInstanceLeases(),
        config.getQuotaInstanceLeaseBusyPerSecond(), config.getQuotaInstanceLeaseFractionOfLimit(),
        config.isQuotaLeaseGroups())), sources, prices);
    AlertsConfiguration a = config.getAlerts();
    AlertRaiser alerts = AlertsFeature.register(context, new AlertSender.Settings(a.isSenderEnabled(),
        a.getPollInterval().toJavaDuration(), a.getInitialBackoff().toJavaDuration(),
        a.getMaxBackoff().toJavaDuration(), a.getGiveUpAfter().toJavaDuration(), a.getRequestTimeout().toJavaDuration(),
        a.getClaimTimeout().toJavaDuration(), a.getBatchSize()), a.getSpendSpikeMultiple(), cipher);
    PeriodService periods = PeriodsFeature.register(context);
    UsageStorageConfiguration u = config.getUsageStorage();
    UsageFeature.register(context, sources, prices, alerts, new UsagePartitions.Settings(u.getMonthsAhead(),
        u.getMaintenanceInterval().toJavaDuration(), u.getRetainMonths(), u.getReplayWindow().toJavaDuration(),
        u.getLatencyCompactionInterval().toJavaDuration()));
    Reports reports = ReportsFeature.register(context, new ReportsFeature.Settings(config.getReportMaxRangeDays(),
        config.getReportExactPercentileLimit(), config.getBillingAccountId(), config.getBillingAccountName()));
    ConsoleFeature.register(context, new ConsoleFeature.Services(reports, leases, priceService, periods, admin,
        new BearerAuthenticator(context.jdbi(), accessTokens, config.getBootstrapAdminKey()),
        config.getConsoleIdleTimeout().toJavaDuration()));
    MetricsFeature.register(context);
    ApiDocFeature.register(context);
  }
}
