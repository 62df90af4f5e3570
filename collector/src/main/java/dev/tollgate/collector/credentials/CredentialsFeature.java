package dev.tollgate.collector.credentials;

import dev.tollgate.collector.TollgateConfiguration;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.common.FeatureContext;

/** The token endpoint: client credentials to an access token and an upstream credential lease. */
public final class CredentialsFeature {

  private CredentialsFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    TollgateConfiguration config = context.config();
    CredentialService service = new CredentialService(context.jdbi(), context.clock(), context.accessTokens(),
        new ProviderKeyCipher(config.getEncryptionKey()), config.getUpstreamLeaseTtl().toJavaDuration(),
        config.getAuthMaxFailures(), config.getAuthFailureWindow().toJavaDuration(), config.getAuthHashConcurrency(),
        new AuditLog(context.environment().getObjectMapper(), context.clock()));
    context.environment().jersey().register(new TokenResource(service));
    context.environment().jersey().register(new TooManyAttemptsException.Mapper());
  }
}
