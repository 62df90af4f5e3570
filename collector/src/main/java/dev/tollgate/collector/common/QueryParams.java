package dev.tollgate.collector.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reading optional query parameters; a value that cannot be read is a 400 naming the parameter. */
public final class QueryParams {

  private QueryParams() {}

  /** An ISO-8601 instant with an offset, or null when absent or blank. */
  public static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest(name + " must be an ISO-8601 timestamp such as 2026-11-27T00:00:00Z", name);
    }
  }
}
