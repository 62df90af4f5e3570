package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.engine.MetadataHeaders;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Per-call metadata that travels on the call's usage event and can be grouped by in
 * reports: a trace id, an end-user id and free tags. Values set here override the
 * client's defaults; tags are merged with the default tags. The collector's bounds apply when
 * a call is made ({@link IllegalArgumentException} before it is admitted): trace id and end
 * user at most 256 characters, at most 32 tags, keys of at most 64 and values of at most 256
 * characters, no control characters.
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

  /**
   * These options as the request headers that label a call made through
   * {@link Tollgate#okHttpInterceptor()}: {@code Tollgate-Trace-Id}, {@code Tollgate-End-User}
   * and {@code Tollgate-Tags} ({@code key=value} pairs separated by commas, percent-encoded),
   * for clients that can add headers but know nothing of Tollgate. Only what is set appears.
   */
  public Map<String, String> toHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    if (traceId != null) {
      headers.put(MetadataHeaders.TRACE_ID, encode(traceId));
    }
    if (endUser != null) {
      headers.put(MetadataHeaders.END_USER, encode(endUser));
    }
    if (!tags.isEmpty()) {
      StringJoiner joined = new StringJoiner(",");
      tags.forEach((k, v) -> joined.add(
          URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
      headers.put(MetadataHeaders.TAGS, joined.toString());
    }
    return headers;
  }

  /** Percent-encodes what a header value cannot hold as it is (and the percent sign). */
  private static String encode(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x20 || c >= 0x7f || c == '%') {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  /** The metadata of a call; throws {@link IllegalArgumentException} when out of the collector's bounds. */
  CallMetadata toMetadata() {
    return this == NONE ? CallMetadata.NONE : new CallMetadata(traceId, endUser, tags);
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
