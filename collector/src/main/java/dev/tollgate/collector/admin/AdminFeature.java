package dev.tollgate.collector.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.TollgateConfiguration;
import dev.tollgate.collector.admin.clients.ClientResource;
import dev.tollgate.collector.admin.clients.ClientService;
import dev.tollgate.collector.admin.clients.TeamClientsResource;
import dev.tollgate.collector.admin.keys.ApiKeyResource;
import dev.tollgate.collector.admin.keys.ApiKeyService;
import dev.tollgate.collector.admin.keys.ProviderKeyResource;
import dev.tollgate.collector.admin.keys.ProviderKeyService;
import dev.tollgate.collector.admin.products.ProductResource;
import dev.tollgate.collector.admin.products.ProductService;
import dev.tollgate.collector.sources.SourceResource;
import dev.tollgate.collector.sources.SourceService;
import dev.tollgate.collector.admin.subscriptions.SubscriptionResource;
import dev.tollgate.collector.admin.subscriptions.SubscriptionService;
import dev.tollgate.collector.admin.teams.TeamResource;
import dev.tollgate.collector.admin.teams.TeamService;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.audit.AuditResource;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.auth.SecretHasher;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.dev.DevCommand;
import dev.tollgate.collector.dev.DevSeed;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Administration: teams, clients, provider keys, API keys, sources, products, subscriptions
 * and the audit log (the price book is the pricing feature's). In dev mode it also seeds and
 * prints demo credentials.
 */
public final class AdminFeature {

  private static final Logger LOG = LoggerFactory.getLogger(AdminFeature.class);

  private AdminFeature() {}

  /** Registers this feature's resources and, in dev mode, the demo seeding. */
  public static void register(FeatureContext context) {
    TollgateConfiguration config = context.config();
    Jdbi jdbi = context.jdbi();
    Clock clock = context.clock();
    ObjectMapper json = context.environment().getObjectMapper();
    AuditLog audit = new AuditLog(json, clock);

    TeamService teams = new TeamService(jdbi, audit, clock);
    ClientService clients = new ClientService(jdbi, audit, clock,
        new SecretHasher(config.getClientSecretHashIterations()));
    ProviderKeyService providerKeys = new ProviderKeyService(jdbi, audit, clock,
        new ProviderKeyCipher(config.getEncryptionKey()), json);
    ProductService products = new ProductService(jdbi, audit, clock);
    SubscriptionService subscriptions = new SubscriptionService(jdbi, audit, clock);

    var jersey = context.environment().jersey();
    jersey.register(new TeamResource(teams));
    jersey.register(new TeamClientsResource(clients));
    jersey.register(new ClientResource(clients));
    jersey.register(new ProviderKeyResource(providerKeys));
    jersey.register(new ApiKeyResource(new ApiKeyService(jdbi, audit, clock)));
    jersey.register(new SourceResource(new SourceService(jdbi, audit, clock)));
    jersey.register(new ProductResource(products));
    jersey.register(new SubscriptionResource(subscriptions));
    jersey.register(new AuditResource(jdbi, json));

    if (config.isDevMode()) {
      DevSeed seed = new DevSeed(jdbi, teams, clients, providerKeys, products, subscriptions,
          DevCommand.secretsFile(), Optional.ofNullable(System.getenv("OPENAI_API_KEY")).filter(k -> !k.isBlank()));
      // Once the server listens, so that the demo provider key points at this run's own port.
      context.environment().lifecycle().addServerLifecycleListener(new ServerLifecycleListener() {
        @Override
        public void serverStarted(Server server) {
          int port = getLocalPort(server);
          try {
            seed.seed(port);
          } catch (RuntimeException e) {
            LOG.error("Dev mode: seeding demo data failed", e);
          }
          seed.print(System.out, port, config.getBootstrapAdminKey());
        }
      });
    }
  }
}
