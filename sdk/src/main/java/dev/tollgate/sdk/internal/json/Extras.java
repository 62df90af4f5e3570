package dev.tollgate.sdk.internal.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies for the unknown-field maps and lists of the immutable API types (JSON nulls allowed). */
public final class Extras {

  private Extras() {}

  /** An unmodifiable copy of {@code map} keeping order and null values; empty for null. */
  public static <V> Map<String, V> copy(Map<String, V> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** An unmodifiable copy of {@code map} keeping null values, or null for null (absent stays absent). */
  public static <V> Map<String, V> copyOrNull(Map<String, V> map) {
    return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** An unmodifiable copy of {@code list} keeping null elements, or null for null (absent stays absent). */
  public static <T> List<T> copyOrNull(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new java.util.ArrayList<>(list));
  }
}
