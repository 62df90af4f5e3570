package dev.tollgate.collector.credentials;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.AccessTokens;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.minting.MintingFeature;
import java.time.Duration;

/** The token endpoint: client credentials to an access token and an upstream credential lease. */
public final class CredentialsFeature {

  /**
   * How long an upstream credential lease lasts; how many failed attempts per window a client
   * id or an address may make before its failing attempts get 429 and growing delays; how many
   * secrets are verified at once.
   */
  public record Limits(Duration upstreamLeaseTtl, int maxFailures, Duration failureWindow, int hashConcurrency) {}

  private CredentialsFeature() {}

  /**
   * Registers this feature's resources; {@code upstreams} gives the keys leased for
   * {@code openai_admin} provider keys and the tokens leased for {@code azure_entra} ones.
   */
  public static void register(FeatureContext context, AccessTokens accessTokens, ProviderKeyCipher cipher,
      MintingFeature.Upstreams upstreams, Limits limits) {
    CredentialService service = new CredentialService(context.jdbi(), context.clock(), accessTokens,
        cipher, upstreams.minted(), upstreams.entra(), limits.upstreamLeaseTtl(), limits.maxFailures(), limits.failureWindow(), limits.hashConcurrency(),
        new AuditLog(context.environment().getObjectMapper(), context.clock()));
    context.environment().jersey().register(new TokenResource(service));
    context.environment().jersey().register(new TooManyAttemptsException.Mapper());
  }
}
