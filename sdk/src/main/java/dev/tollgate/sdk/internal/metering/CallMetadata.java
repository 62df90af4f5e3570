package dev.tollgate.sdk.internal.metering;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The caller's metadata for one call, defaults already applied, checked against the
 * collector's {@link Bounds} when made: an {@link IllegalArgumentException} names what is out
 * of bounds, before the call is admitted.
 *
 * @param traceId the trace id, or null
 * @param endUser the end-user id, or null
 * @param tags free tags
 */
public record CallMetadata(String traceId, String endUser, Map<String, String> tags) {

  /** No metadata. */
  public static final CallMetadata NONE = new CallMetadata(null, null, Map.of());

  /** Checks every field against the collector's bounds. */
  public CallMetadata {
    Bounds.check("trace id", traceId, Bounds.TEXT);
    Bounds.check("end user", endUser, Bounds.TEXT);
    tags = tags == null ? Map.of() : tags;
    if (tags.size() > Bounds.TAGS) {
      throw new IllegalArgumentException("at most " + Bounds.TAGS + " tags, got " + tags.size());
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (e.getKey().isEmpty()) {
        throw new IllegalArgumentException("tag keys must not be empty");
      }
      Bounds.check("tag key '" + e.getKey() + "'", e.getKey(), Bounds.TAG_KEY);
      Bounds.check("tag '" + e.getKey() + "'", e.getValue(), Bounds.TEXT);
    }
  }

  /** This metadata laid over {@code defaults}: own values win, tags are merged (and checked again). */
  public CallMetadata over(CallMetadata defaults) {
    if (defaults == null || defaults.equals(NONE)) {
      return this;
    }
    if (equals(NONE)) {
      return defaults;
    }
    Map<String, String> merged = new LinkedHashMap<>(defaults.tags);
    merged.putAll(tags);
    return new CallMetadata(
        traceId != null ? traceId : defaults.traceId, endUser != null ? endUser : defaults.endUser, merged);
  }
}
