package dev.tollgate.collector.common;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/**
 * Maps a unique-index violation to 409 naming the field. Services check names first for a
 * friendly answer; this catches the race two concurrent requests can still run into.
 */
public final class Unique {

  private static final String UNIQUE_VIOLATION = "23505";

  private Unique() {}

  public static <T> T orConflict(String field, String detail, Supplier<T> work) {
    try {
      return work.get();
    } catch (JdbiException e) {
      if (isUniqueViolation(e)) {
        throw ProblemException.conflict(field, detail);
      }
      throw e;
    }
  }

  static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
