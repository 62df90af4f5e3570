package dev.tollgate.collector.common;

import dev.tollgate.collector.common.Cursors;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import java.util.List;
import java.util.function.Function;

/**
 * Turns a keyset query's rows into a {@link Page}. Queries fetch {@code limit + 1} rows: the
 * extra row only tells that another page exists, and the cursor is the sort key of the last
 * row returned.
 */
public final class Pages {

  private Pages() {}

  /** The {@code limit} query parameter: default 100, 1 to 1000; not a number is a 400 naming it. */
  public static int limit(String limit) {
    if (limit == null || limit.isBlank()) {
      return Cursors.limit(null);
    }
    try {
      return Cursors.limit(Integer.valueOf(limit.strip()));
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("limit must be a whole number", "limit");
    }
  }

  public static <T> Page<T> of(List<T> rowsPlusOne, int limit, Function<T, String> cursorOf) {
    if (rowsPlusOne.size() <= limit) {
      return new Page<>(rowsPlusOne, null);
    }
    List<T> items = rowsPlusOne.subList(0, limit);
    return new Page<>(items, cursorOf.apply(items.get(items.size() - 1)));
  }
}
