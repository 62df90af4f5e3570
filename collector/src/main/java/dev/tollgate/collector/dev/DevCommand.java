package dev.tollgate.collector.dev;

import dev.tollgate.collector.auth.ApiKeys;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.infra.PeriodicTask;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code dev}: the whole collector with nothing installed. Reads the bundled
 * {@code tollgate-dev.yml} (same {@code TOLLGATE_*} variables as production), starts an
 * embedded PostgreSQL with its data under {@code TOLLGATE_DATA_DIR} (default
 * {@code ./tollgate-data}) unless {@code TOLLGATE_DB_URL} names a server, applies the
 * migrations, and seeds and prints demo credentials. The embedded PostgreSQL is durable
 * (an accepted event is on disk) and is started again if it dies.
 */
final class DevCommand extends ServerCommand<TollgateConfiguration> {

  static final String DEV_CONFIG_RESOURCE = "tollgate-dev.yml";
  /** The placeholder URL of the bundled configuration: start the embedded store. */
  static final String EMBEDDED_URL = "jdbc:postgresql://embedded/";
  private static final java.time.Duration WATCHDOG_INTERVAL = java.time.Duration.ofSeconds(1);

  /** The embedded PostgreSQL this run started and owns, if any. */
  private EmbeddedStore store;

  DevCommand(Application<TollgateConfiguration> application) {
    super(application, "dev", "Runs the collector with an embedded database and demo data");
  }

  @Override
  protected void run(Environment environment, Namespace namespace, TollgateConfiguration config) throws Exception {
    if (store != null) {
      // Starts the embedded PostgreSQL again when it dies. Meanwhile requests that need the database
      // answer 503 with Retry-After; once it is back, the pool's check on borrow replaces the broken
      // connections and the collector serves again without a restart.
      environment.lifecycle().manage(new PeriodicTask("embedded PostgreSQL watchdog", WATCHDOG_INTERVAL, false,
          store::restartIfStopped));
    }
    super.run(environment, namespace, config);
  }

  @Override
  public void configure(Subparser subparser) {
    // No configuration file argument: the bundled one is used.
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        new ResourceConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    Map<String, Object> attrs = new HashMap<>(namespace.getAttrs());
    attrs.put("file", DEV_CONFIG_RESOURCE);
    super.run(bootstrap, new Namespace(attrs));
  }

  @Override
  protected void run(Bootstrap<TollgateConfiguration> bootstrap, Namespace namespace,
      TollgateConfiguration config) throws Exception {
    Path dataDir = dataDir(config);
    if (isEmbedded(config.getDatabase().getUrl())) {
      store = EmbeddedStore.start(dataDir);
      config.getDatabase().setUrl(store.jdbcUrl("postgres"));
      config.getDatabase().setUser("postgres");
      Runtime.getRuntime().addShutdownHook(new Thread(store::close, "tollgate-embedded-pg-stop"));
    }
    Properties secrets = devSecrets(dataDir);
    if (config.getEncryptionKey().isBlank()) {
      config.setEncryptionKey(secrets.getProperty("encryption_key"));
    }
    if (config.getTokenSigningKey().isBlank()) {
      config.setTokenSigningKey(secrets.getProperty("token_signing_key"));
    }
    if (config.getBootstrapAdminKey().isBlank()) {
      config.setBootstrapAdminKey(secrets.getProperty("admin_key"));
    }
    config.setDevMode(true);
    config.setMigrateOnStart(true);
    super.run(bootstrap, namespace, config);
  }

  /** The bundled configuration names no database unless {@code TOLLGATE_DB_URL} does. */
  static boolean isEmbedded(String url) {
    return url == null || url.isBlank() || url.equals(EMBEDDED_URL);
  }

  /** Where dev mode keeps its database and generated keys: {@code TOLLGATE_DATA_DIR}, default {@code ./tollgate-data}. */
  static Path dataDir(TollgateConfiguration config) {
    return Path.of(config.getDevDataDir()).toAbsolutePath();
  }

  /** The file in the data folder that keeps dev mode's generated keys. */
  static Path secretsFile(TollgateConfiguration config) {
    return dataDir(config).resolve("dev-secrets.properties");
  }

  /** Keys generated on the first start and kept with the data, so restarts keep working. */
  private static Properties devSecrets(Path dataDir) {
    Path file = dataDir.resolve("dev-secrets.properties");
    Properties props = new Properties();
    try {
      Files.createDirectories(dataDir);
      if (Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          props.load(in);
        }
      }
      boolean changed = false;
      changed |= props.putIfAbsent("encryption_key", randomBase64(32)) == null;
      changed |= props.putIfAbsent("token_signing_key", randomBase64(48)) == null;
      changed |= props.putIfAbsent("admin_key", ApiKeys.generate()) == null;
      if (changed) {
        try (OutputStream out = Files.newOutputStream(file)) {
          props.store(out, "Tollgate dev mode keys (local development only)");
        }
      }
      return props;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep dev keys in " + file, e);
    }
  }

  private static String randomBase64(int bytes) {
    byte[] raw = new byte[bytes];
    new SecureRandom().nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }
}
