package dev.tollgate.collector.console;

import dev.tollgate.collector.admin.AdminFeature;
import dev.tollgate.collector.audit.AuditDao;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.audit.AuditResource;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.periods.PeriodService;
import dev.tollgate.collector.pricing.PriceService;
import dev.tollgate.collector.pricing.PricesResource;
import dev.tollgate.collector.quota.LeaseService;
import dev.tollgate.collector.reports.Reports;
import dev.tollgate.collector.sources.SourceService;
import io.dropwizard.auth.Authenticator;
import java.time.Duration;
import java.util.Objects;

/** The web console: sign-in, sessions, the report pages and the admin pages at {@code /console}. */
public final class ConsoleFeature {

  private ConsoleFeature() {}

  /**
   * What the console shows and how it signs callers in.
   *
   * @param reports the reports the REST API serves (one source of truth)
   * @param quotas each team's quota states, for the overview
   * @param prices the models seen, for the overview's unpriced models
   * @param periods closing a month from the chargeback page
   * @param admin the services behind {@code /v1/admin/*}, which the admin pages write through
   * @param keys resolves an API key as the REST API does
   * @param idleTimeout how long a session lives without a request
   */
  public record Services(Reports reports, LeaseService quotas, PriceService prices, PeriodService periods,
      AdminFeature.Services admin, Authenticator<String, Caller> keys, Duration idleTimeout) {

    public Services {
      Objects.requireNonNull(reports, "reports");
      Objects.requireNonNull(quotas, "quotas");
      Objects.requireNonNull(prices, "prices");
      Objects.requireNonNull(periods, "periods");
      Objects.requireNonNull(admin, "admin");
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
    }
  }

  /** Registers the console's resources and its response headers. */
  public static void register(FeatureContext context, Services services) {
    ConsoleSessions sessions = new ConsoleSessions(context.jdbi(), context.clock(), services.idleTimeout());
    var jersey = context.environment().jersey();
    ReportCalls calls = new ReportCalls(services.reports(), context.environment().getObjectMapper(), context.clock());
    jersey.register(new ConsoleHeaders());
    jersey.register(new SameOrigin());
    jersey.register(new SignInResource(sessions, services.keys()));
    var json = context.environment().getObjectMapper();
    jersey.register(new ConsoleResource(sessions, calls, new OverviewPage(calls, sessions, services.quotas(),
        services.prices(), services.admin().subscriptions()), new ChargebackPage(calls, services.periods())));
    FormReader forms = new FormReader(json, context.environment().getValidator());
    jersey.register(new AdminResource(sessions, new AdminPages(services.admin(), forms),
        new CatalogPages(services.admin(), new SourceService(context.jdbi(), new AuditLog(json, context.clock()),
            context.clock()), services.prices(), new PricesResource(services.prices(), context.clock(), json), forms,
            sessions),
        new AuditPage(new AuditResource(context.jdbi().onDemand(AuditDao.class), json), json)));
  }
}
