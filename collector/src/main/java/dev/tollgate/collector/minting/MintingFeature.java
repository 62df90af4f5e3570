package dev.tollgate.collector.minting;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.common.FeatureContext;

/** Wires minting: the reaper as a managed object, the {@code minted-keys} health check, and the {@link MintedKeys} other features use. */
public final class MintingFeature {

  private MintingFeature() {}

  /** What minting hands the rest of the collector: the minted keys, and Entra ID tokens. */
  public record Upstreams(MintedKeys minted, EntraTokens entra) {}

  /**
   * Registers the reaper and the health check; returns the instance's one {@link MintedKeys} and
   * {@link EntraTokens} ({@code entraAuthority}: where tokens are asked for, Entra ID's login host).
   */
  public static Upstreams register(FeatureContext context, ProviderKeyCipher cipher, MintingSettings settings,
      String entraAuthority) {
    AuditLog audit = new AuditLog(context.environment().getObjectMapper(), context.clock());
    AdminApi api = new AdminApi(settings.requestTimeout());
    Minter minter = new Minter(context.jdbi(), context.clock(), cipher, api, audit, settings);
    Deleter deleter = new Deleter(context.jdbi(), context.clock(), cipher, api, audit, settings);
    MintedKeys keys = new MintedKeys(context.jdbi(), context.clock(), cipher, minter, deleter, audit, settings);
    context.environment().lifecycle().manage(new KeyReaper(context.jdbi(), context.clock(), minter, deleter, keys,
        settings));
    context.environment().healthChecks().register("minted-keys", new MintingHealthCheck(context.jdbi()));
    return new Upstreams(keys, new EntraTokens(context.jdbi(), context.clock(), cipher, entraAuthority,
        settings.minRemaining(), settings.requestTimeout()));
  }
}
