package dev.tollgate.collector.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.admin.clients.ClientResource;
import dev.tollgate.collector.admin.clients.ClientService;
import dev.tollgate.collector.admin.clients.TeamClientsResource;
import dev.tollgate.collector.admin.keys.ApiKeyResource;
import dev.tollgate.collector.admin.keys.ApiKeyService;
import dev.tollgate.collector.admin.keys.ProviderKeyResource;
import dev.tollgate.collector.admin.keys.ProviderKeyService;
import dev.tollgate.collector.admin.products.ProductResource;
import dev.tollgate.collector.admin.products.ProductService;
import dev.tollgate.collector.admin.subscriptions.SubscriptionResource;
import dev.tollgate.collector.admin.subscriptions.SubscriptionService;
import dev.tollgate.collector.admin.teams.TeamResource;
import dev.tollgate.collector.admin.teams.TeamService;
import dev.tollgate.collector.audit.AuditDao;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.audit.AuditResource;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.auth.SecretHasher;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.minting.MintedKeys;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * Administration: teams, clients, provider keys, API keys, products, subscriptions and the
 * audit log (source rules are the sources feature's, the price book the pricing feature's).
 */
public final class AdminFeature {

  private AdminFeature() {}

  /** The services behind the admin resources, for the console's admin pages (the same calls). */
  public record Services(TeamService teams, ClientService clients, ProductService products,
      SubscriptionService subscriptions, ApiKeyService apiKeys, ProviderKeyService providerKeys) {}

  /**
   * Registers this feature's resources; {@code hasher} hashes new client secrets, {@code cipher}
   * provider keys; {@code minted} revokes a team's minted keys when it may no longer have them.
   */
  public static Services register(FeatureContext context, SecretHasher hasher, ProviderKeyCipher cipher,
      MintedKeys minted) {
    Jdbi jdbi = context.jdbi();
    Clock clock = context.clock();
    ObjectMapper json = context.environment().getObjectMapper();
    AuditLog audit = new AuditLog(json, clock);

    ClientService clients = new ClientService(jdbi, audit, clock, hasher);
    Services services = new Services(new TeamService(jdbi, audit, clock, minted::review), clients,
        new ProductService(jdbi, audit, clock), new SubscriptionService(jdbi, audit, clock, minted::review),
        new ApiKeyService(jdbi, audit, clock), new ProviderKeyService(jdbi, audit, clock, cipher, json));
    var jersey = context.environment().jersey();
    jersey.register(new TeamResource(services.teams()));
    jersey.register(new TeamClientsResource(clients));
    jersey.register(new ClientResource(clients));
    jersey.register(new ProviderKeyResource(services.providerKeys(), minted));
    jersey.register(new ApiKeyResource(services.apiKeys()));
    jersey.register(new ProductResource(services.products()));
    jersey.register(new SubscriptionResource(services.subscriptions()));
    jersey.register(new AuditResource(jdbi.onDemand(AuditDao.class), json));
    return services;
  }
}
