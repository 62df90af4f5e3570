package dev.tollgate.collector.common;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * The keyset most lists sort by: a time (creation, or when an alert occurred), then id as the
 * tie-break.
 *
 * @param at the last row's time; null for the first page
 * @param id the last row's id; null for the first page
 */
public record Keyset(Instant at, UUID id) {

  public static final Keyset FIRST = new Keyset(null, null);

  /** The position a request's {@code cursor} names, or the first page. */
  public static Keyset after(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return FIRST;
    }
    List<String> parts = Cursors.decode(cursor, 2);
    try {
      return new Keyset(Instant.parse(parts.get(0)), UUID.fromString(parts.get(1)));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw ProblemException.badRequest("cursor is not a cursor this endpoint issued", "cursor");
    }
  }

  public static String cursor(Instant at, UUID id) {
    return Cursors.encode(at.toString(), id.toString());
  }
}
