package dev.tollgate.collector.infra;

import dev.tollgate.collector.config.TollgateConfiguration;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/** {@code db migrate config.yml} applies {@code migrations/}; {@code db info config.yml} lists their state. */
public final class DbCommand extends ConfiguredCommand<TollgateConfiguration> {

  public DbCommand() {
    super("db", "Applies (migrate) or lists (info) the database migrations");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("action").choices("migrate", "info").help("migrate or info");
    super.configure(subparser);
  }

  @Override
  protected void run(Bootstrap<TollgateConfiguration> bootstrap, Namespace namespace,
      TollgateConfiguration configuration) {
    Migrations migrations = new Migrations(configuration.getDatabase());
    if ("migrate".equals(namespace.getString("action"))) {
      MigrateResult result = migrations.migrate();
      System.out.printf("Applied %d migrations; schema version %s%n",
          result.migrationsExecuted, result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion);
    } else {
      System.out.printf("%-8s %-40s %-10s %s%n", "version", "description", "state", "installed on");
      for (MigrationInfo info : migrations.info().all()) {
        System.out.printf("%-8s %-40s %-10s %s%n", info.getVersion(), info.getDescription(),
            info.getState().getDisplayName(), info.getInstalledOn() == null ? "" : info.getInstalledOn());
      }
    }
  }
}
