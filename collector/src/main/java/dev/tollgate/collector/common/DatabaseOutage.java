package dev.tollgate.collector.common;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;

/**
 * Telling a database outage from a bug, and recovering from one without a restart. An
 * exception caused by PostgreSQL being unreachable, restarting, in recovery or out of
 * connections is answered 503 with {@code Retry-After} (the caller's request was fine; it
 * may simply send it again: ingest is idempotent by event id). Pooled connections are
 * checked before use at most once a second, so after the database is back the broken ones
 * are replaced instead of failing requests.
 */
public final class DatabaseOutage {

  /** What a 503 tells the caller to wait before sending again. */
  public static final int RETRY_AFTER_SECONDS = 2;

  private DatabaseOutage() {}

  /** Whether {@code e} (or any cause) says the database cannot be reached or cannot serve now. */
  public static boolean causedBy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && unavailable(sql)) {
        return true;
      }
      if (t instanceof ConnectException || t instanceof SocketException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static boolean unavailable(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      // The pool's own refusals (exhausted, closed) carry no state.
      return e.getClass().getName().startsWith("org.apache.tomcat.jdbc.pool.");
    }
    // 08: connection exception; 57P01-57P05: shut down, crashed, starting, idle or session timeout;
    // 53: insufficient resources (too many connections, out of disk or memory).
    return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
  }

  /** Pool settings that replace connections a database restart broke. Returns {@code database}. */
  public static DataSourceFactory recoverable(DataSourceFactory database) {
    database.setCheckConnectionOnBorrow(true);
    database.setValidationInterval(Duration.seconds(1));
    return database;
  }
}
