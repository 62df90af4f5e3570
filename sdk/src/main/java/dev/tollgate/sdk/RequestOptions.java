package dev.tollgate.sdk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call metadata that travels on the call's usage event and can be grouped by in
 * reports: a trace id, an end-user id and free tags. Values set here override the
 * client's defaults; tags are merged with the default tags.
 *
 * <pre>{@code
 * RequestOptions opts = RequestOptions.builder()
 *     .traceId("abc123").endUser("u-42").tag("feature", "summarise").build();
 * }</pre>
 */
public final class RequestOptions {

  private static final RequestOptions NONE = new RequestOptions(null, null, Map.of());

  private final String traceId;
  private final String endUser;
  private final Map<String, String> tags;

  private RequestOptions(String traceId, String endUser, Map<String, String> tags) {
    this.traceId = traceId;
    this.endUser = endUser;
    this.tags = Map.copyOf(tags);
  }

  /** Options that set nothing: the client's defaults apply. */
  public static RequestOptions none() {
    return NONE;
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The trace id, if set. */
  public Optional<String> traceId() {
    return Optional.ofNullable(traceId);
  }

  /** The end-user id, if set. */
  public Optional<String> endUser() {
    return Optional.ofNullable(endUser);
  }

  /** The tags (unmodifiable). */
  public Map<String, String> tags() {
    return tags;
  }

  /** These options laid over {@code defaults}: own values win, tags are merged. */
  RequestOptions over(RequestOptions defaults) {
    if (defaults == NONE || defaults == null) {
      return this;
    }
    if (this == NONE) {
      return defaults;
    }
    Map<String, String> merged = new LinkedHashMap<>(defaults.tags);
    merged.putAll(tags);
    return new RequestOptions(
        traceId != null ? traceId : defaults.traceId, endUser != null ? endUser : defaults.endUser, merged);
  }

  String traceIdOrNull() {
    return traceId;
  }

  String endUserOrNull() {
    return endUser;
  }

  @Override
  public String toString() {
    return "RequestOptions[traceId=" + traceId + ", endUser=" + endUser + ", tags=" + tags + "]";
  }

  /** Builds {@link RequestOptions}; not thread-safe. */
  public static final class Builder {
    private String traceId;
    private String endUser;
    private final Map<String, String> tags = new LinkedHashMap<>();

    private Builder() {}

    /** Sets the trace id, e.g. the caller's distributed-tracing id. */
    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    /** Sets the id of the end user the call is made for. */
    public Builder endUser(String endUser) {
      this.endUser = endUser;
      return this;
    }

    /** Adds one tag, e.g. {@code feature=summarise}. */
    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Adds several tags. */
    public Builder tags(Map<String, String> tags) {
      tags.forEach(this::tag);
      return this;
    }

    /** Builds the options. */
    public RequestOptions build() {
      return new RequestOptions(traceId, endUser, tags);
    }
  }
}
