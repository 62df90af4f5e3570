package dev.tollgate.collector.reports;

import dev.tollgate.collector.common.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code group_by} keys of a report, in the order asked for. Tag keys
 * ({@code tag:<key>}) group by the value of that tag.
 *
 * @param keys plain keys ({@code team}, {@code client}, {@code model}, {@code source},
 *     {@code end_user}, {@code day}, {@code week}, {@code month}) and {@code tag:<key>} entries
 */
record Grouping(List<String> keys) {

  static final Set<String> USAGE_KEYS = Set.of("team", "client", "model", "source", "end_user", "day", "week", "month");
  static final Set<String> PERFORMANCE_KEYS = Set.of("team", "client", "model", "source");
  private static final int MAX_TAGS = 5;

  Grouping {
    keys = List.copyOf(keys);
  }

  static Grouping parse(List<String> values, Set<String> allowed, boolean tags) {
    List<String> keys = new ArrayList<>();
    int tagCount = 0;
    for (String value : values) {
      if (tags && value.startsWith("tag:") && value.length() > 4 && value.length() <= 104) {
        tagCount++;
      } else if (!allowed.contains(value)) {
        throw ProblemException.badRequest("unknown group_by key " + value + "; use "
            + new TreeSet<>(allowed) + (tags ? " or tag:<key>" : ""), "group_by");
      }
      if (!keys.contains(value)) {
        keys.add(value);
      }
    }
    if (tagCount > MAX_TAGS) {
      throw ProblemException.invalid("group_by", "at most " + MAX_TAGS + " tag keys");
    }
    return new Grouping(keys);
  }

  boolean has(String key) {
    return keys.contains(key);
  }

  List<String> tagKeys() {
    return keys.stream().filter(k -> k.startsWith("tag:")).map(k -> k.substring(4)).toList();
  }

  /** The rollup has no end users and no tags. */
  boolean needsRawEvents() {
    return has("end_user") || !tagKeys().isEmpty();
  }
}
