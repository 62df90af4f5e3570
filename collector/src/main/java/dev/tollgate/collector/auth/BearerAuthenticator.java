package dev.tollgate.collector.auth;

import io.dropwizard.auth.Authenticator;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Resolves a bearer credential to a {@link Caller}: an API key ({@code tgk_...}, or the
 * bootstrap admin key from configuration) by its hash, anything else as a client access
 * token by its signature alone.
 */
public final class BearerAuthenticator implements Authenticator<String, Caller> {

  private final ApiKeyLookupDao apiKeys;
  private final AccessTokens accessTokens;
  private final String bootstrapAdminKey;

  public BearerAuthenticator(Jdbi jdbi, AccessTokens accessTokens, String bootstrapAdminKey) {
    this.apiKeys = jdbi.onDemand(ApiKeyLookupDao.class);
    this.accessTokens = accessTokens;
    this.bootstrapAdminKey = bootstrapAdminKey == null ? "" : bootstrapAdminKey;
  }

  @Override
  public Optional<Caller> authenticate(String credential) {
    if (!bootstrapAdminKey.isEmpty() && ApiKeys.sameKey(credential, bootstrapAdminKey)) {
      return Optional.of(Caller.apiKey(Role.ADMIN, "bootstrap"));
    }
    if (credential.startsWith(ApiKeys.PREFIX)) {
      return apiKeys.findActive(ApiKeys.hash(credential))
          .map(key -> Caller.apiKey(Role.valueOf(key.role().toUpperCase(Locale.ROOT)), "api_key:" + key.id()));
    }
    return accessTokens.verify(credential);
  }
}
