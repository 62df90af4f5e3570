package dev.tollgate.collector.testing;

import dev.tollgate.collector.TollgateApplication;
import dev.tollgate.collector.config.TollgateConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starts the real collector for a test class, on random ports, against a fresh database.
 * Use as {@code static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();}.
 */
public final class TestApps {

  /** The bootstrap admin key every test app accepts. */
  public static final String ADMIN_KEY = "tgk_test-bootstrap-admin-key-0123456789abcdef";
  public static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  public static final String TOKEN_SIGNING_KEY = "dGVzdC1zaWduaW5nLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1";

  private TestApps() {}

  public static DropwizardAppExtension<TollgateConfiguration> app() {
    return app(TollgateApplication.class, TestDatabases.create(), config -> { });
  }

  public static DropwizardAppExtension<TollgateConfiguration> app(Consumer<TollgateConfiguration> customize) {
    return app(TollgateApplication.class, TestDatabases.create(), customize);
  }

  public static DropwizardAppExtension<TollgateConfiguration> app(
      Class<? extends Application<TollgateConfiguration>> application, TestDatabases.TestDatabase db,
      Consumer<TollgateConfiguration> customize) {
    return new DropwizardAppExtension<>(application, config(db, customize));
  }

  /** A configuration on random ports against {@code db}, migrations applied on start. */
  public static TollgateConfiguration config(TestDatabases.TestDatabase db, Consumer<TollgateConfiguration> customize) {
    TollgateConfiguration config = new TollgateConfiguration();
    DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
    ((HttpConnectorFactory) server.getApplicationConnectors().get(0)).setPort(0);
    ((HttpConnectorFactory) server.getAdminConnectors().get(0)).setPort(0);
    config.getDatabase().setDriverClass("org.postgresql.Driver");
    config.getDatabase().setUrl(db.url());
    config.getDatabase().setUser(db.user());
    config.getDatabase().setPassword(db.password());
    config.getDatabase().setMaxSize(40);
    config.setMigrateOnStart(true);
    config.setBootstrapAdminKey(ADMIN_KEY);
    config.setEncryptionKey(ENCRYPTION_KEY);
    config.setTokenSigningKey(TOKEN_SIGNING_KEY);
    // Tests read their own assertions, not the service's INFO chatter; warnings still show.
    ((DefaultLoggingFactory) config.getLoggingFactory()).setLevel("WARN");
    LogbackAccessRequestLogFactory noRequestLog = new LogbackAccessRequestLogFactory();
    noRequestLog.setAppenders(List.of());
    server.setRequestLogFactory(noRequestLog);
    customize.accept(config);
    return config;
  }
}
