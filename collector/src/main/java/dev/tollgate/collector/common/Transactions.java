package dev.tollgate.collector.common;

import java.sql.SQLException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs a transaction, again when PostgreSQL aborted it for a deadlock or a serialization
 * failure (SQLSTATE 40P01, 40001). The callback must be safe to repeat: everything it did
 * was rolled back.
 */
public final class Transactions {

  private static final int ATTEMPTS = 5;

  private Transactions() {}

  public static <T, X extends Exception> T inTransaction(Jdbi jdbi, HandleCallback<T, X> callback) throws X {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.inTransaction(callback);
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !retryable(e)) {
          throw e;
        }
      }
    }
  }

  static boolean retryable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ("40P01".equals(state) || "40001".equals(state)) {
          return true;
        }
      }
    }
    return false;
  }
}
