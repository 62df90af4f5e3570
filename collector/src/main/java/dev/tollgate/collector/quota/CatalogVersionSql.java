package dev.tollgate.collector.quota;

import org.jdbi.v3.core.Handle;

/** V14's catalog version, which every change to what a team's plan is made of moves. */
final class CatalogVersionSql {

  private CatalogVersionSql() {}

  static long current(Handle h) {
    return h.createQuery("SELECT version FROM catalog_version").mapTo(Long.class).one();
  }
}
