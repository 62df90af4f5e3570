package dev.tollgate.collector.infra;

import io.dropwizard.db.DataSourceFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway over the SQL files of the top-level {@code migrations/} folder, which the build
 * packages into the jar under {@code db/migration}.
 */
public final class Migrations {

  private final Flyway flyway;

  public Migrations(DataSourceFactory database) {
    this(database.getUrl(), database.getUser(), database.getPassword());
  }

  public Migrations(String url, String user, String password) {
    this.flyway = Flyway.configure()
        .dataSource(url, user, password)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load();
  }

  public MigrateResult migrate() {
    return flyway.migrate();
  }

  public MigrationInfoService info() {
    return flyway.info();
  }

  /** True when every migration the jar carries has been applied. */
  public boolean upToDate() {
    return flyway.info().pending().length == 0;
  }
}
