package dev.tollgate.collector.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.admin.clients.ClientService;
import dev.tollgate.collector.admin.keys.ProviderKeyService;
import dev.tollgate.collector.admin.products.ProductService;
import dev.tollgate.collector.admin.subscriptions.SubscriptionService;
import dev.tollgate.collector.admin.teams.TeamService;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.auth.SecretHasher;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.dev.upstream.MockUpstreamFeature;
import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.core.Application;
import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode, wired from this one place: the {@code dev} command and, when the configuration
 * has dev mode on (the command sets it), the simulated upstream at {@code /mock/v1}, the
 * default price book on an empty price table, and the demo data seeded and printed once the
 * server listens. The application adds this bundle and knows nothing else of dev mode.
 */
public final class DevMode implements ConfiguredBundle<TollgateConfiguration> {

  private static final Logger LOG = LoggerFactory.getLogger(DevMode.class);

  private final Clock clock;
  private final Supplier<FeatureContext> features;

  /**
   * @param clock the application's clock
   * @param features the application's wiring; read when the server starts, after the
   *     application's {@code run} built it and applied the migrations
   */
  public DevMode(Clock clock, Supplier<FeatureContext> features) {
    this.clock = clock;
    this.features = features;
  }

  @Override
  @SuppressWarnings("unchecked") // this bundle is added to a Bootstrap<TollgateConfiguration>
  public void initialize(Bootstrap<?> bootstrap) {
    bootstrap.addCommand(new DevCommand((Application<TollgateConfiguration>) bootstrap.getApplication()));
  }

  @Override
  public void run(TollgateConfiguration config, Environment environment) {
    if (!config.isDevMode()) {
      return;
    }
    MockUpstreamFeature.register(environment, clock, config.getDevMockLatency());
    // Started with the server, before it listens: the schema is migrated by then.
    environment.lifecycle().manage(new Managed() {
      @Override
      public void start() {
        DefaultPrices.seedIfEmpty(features.get());
      }
    });
    // Once the server listens, so that the demo provider key points at this run's own port. Until
    // the seed is done the health check says so: whoever waits for a healthy collector (a script, a
    // test harness) never races the seed's writes (a first provider key of theirs would compete
    // with the demo key for being the default).
    AtomicReference<String> seeding = new AtomicReference<>("the demo data is being seeded");
    environment.healthChecks().register("dev-seed", new HealthCheck() {
      @Override
      protected Result check() {
        String pending = seeding.get();
        return pending == null ? Result.healthy() : Result.unhealthy(pending);
      }
    });
    environment.lifecycle().addServerLifecycleListener(new ServerLifecycleListener() {
      @Override
      public void serverStarted(Server server) {
        int port = getLocalPort(server);
        DevSeed seed = seed(config, features.get());
        try {
          seed.seed(port);
          seeding.set(null);
        } catch (RuntimeException e) {
          LOG.error("Dev mode: seeding demo data failed", e);
          seeding.set("seeding the demo data failed: " + e.getClass().getSimpleName());
        }
        seed.print(System.out, port, config.getBootstrapAdminKey());
      }
    });
  }

  private static DevSeed seed(TollgateConfiguration config, FeatureContext context) {
    Jdbi jdbi = context.jdbi();
    Clock clock = context.clock();
    ObjectMapper json = context.environment().getObjectMapper();
    AuditLog audit = new AuditLog(json, clock);
    return new DevSeed(jdbi, new TeamService(jdbi, audit, clock),
        new ClientService(jdbi, audit, clock, new SecretHasher(config.getClientSecretHashIterations())),
        new ProviderKeyService(jdbi, audit, clock, new ProviderKeyCipher(config.getEncryptionKey()), json),
        new ProductService(jdbi, audit, clock), new SubscriptionService(jdbi, audit, clock),
        DevCommand.secretsFile(config),
        Optional.of(config.getDevOpenAiApiKey()).filter(key -> !key.isBlank()));
  }
}
