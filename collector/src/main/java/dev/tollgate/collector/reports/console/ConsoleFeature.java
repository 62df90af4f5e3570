package dev.tollgate.collector.reports.console;

import dev.tollgate.collector.audit.AuditDao;
import dev.tollgate.collector.audit.AuditResource;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.periods.PeriodService;
import dev.tollgate.collector.pricing.PriceService;
import dev.tollgate.collector.quota.LeaseService;
import dev.tollgate.collector.reports.Reports;
import io.dropwizard.auth.Authenticator;
import java.time.Duration;
import java.util.Objects;

/** The web console: sign-in, sessions, and the report pages at {@code /console}. */
public final class ConsoleFeature {

  private ConsoleFeature() {}

  /**
   * What the console shows and how it signs callers in.
   *
   * @param reports the reports the REST API serves (one source of truth)
   * @param quotas each team's quota states, for the overview
   * @param prices the models seen, for the overview's unpriced models
   * @param periods closing a month from the chargeback page
   * @param keys resolves an API key as the REST API does
   * @param idleTimeout how long a session lives without a request
   */
  public record Services(Reports reports, LeaseService quotas, PriceService prices, PeriodService periods,
      Authenticator<String, Caller> keys, Duration idleTimeout) {

    public Services {
      Objects.requireNonNull(reports, "reports");
      Objects.requireNonNull(quotas, "quotas");
      Objects.requireNonNull(prices, "prices");
      Objects.requireNonNull(periods, "periods");
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
        services.prices()), new ChargebackPage(calls, services.periods()),
        new AuditPage(new AuditResource(context.jdbi().onDemand(AuditDao.class), json), json)));
  }
}
