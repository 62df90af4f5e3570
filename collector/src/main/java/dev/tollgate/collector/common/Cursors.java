package dev.tollgate.collector.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors: the sort key of the last row returned, base64url-encoded.
 * Keyset paging never repeats or skips a row while new rows arrive, unlike offsets.
 */
public final class Cursors {

  private static final char SEPARATOR = '\u001f';

  private Cursors() {}

  public static String encode(String... parts) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(String.join(String.valueOf(SEPARATOR), parts).getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a cursor into its {@code expectedParts}; a cursor we did not make is a 400 naming {@code cursor}. */
  public static List<String> decode(String cursor, int expectedParts) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      List<String> parts = List.of(raw.split(String.valueOf(SEPARATOR), -1));
      if (parts.size() != expectedParts) {
        throw new IllegalArgumentException("wrong number of parts");
      }
      return parts;
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("cursor is not a cursor this endpoint issued", "cursor");
    }
  }

  /** The page size: default 100, at most 1000. */
  public static int limit(Integer limit) {
    if (limit == null) {
      return 100;
    }
    if (limit < 1 || limit > 1000) {
      throw ProblemException.invalid("limit", "must be between 1 and 1000");
    }
    return limit;
  }
}
