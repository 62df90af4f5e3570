package dev.tollgate.collector.infra;

import com.codahale.metrics.health.HealthCheck;

/** Unhealthy while the database lacks migrations this build carries. */
public final class MigrationHealthCheck extends HealthCheck {

  private final Migrations migrations;

  public MigrationHealthCheck(Migrations migrations) {
    this.migrations = migrations;
  }

  @Override
  protected Result check() {
    int pending = migrations.info().pending().length;
    return pending == 0 ? Result.healthy("schema up to date")
        : Result.unhealthy(pending + " migrations pending: run `db migrate`");
  }
}
