package dev.tollgate.sdk.internal.engine;

import dev.tollgate.sdk.internal.metering.CallMetadata;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.Headers;

/**
 * The request headers that label a call, read and removed before anything goes upstream:
 * {@code Tollgate-Trace-Id}, {@code Tollgate-End-User} and {@code Tollgate-Tags}
 * ({@code key=value} pairs separated by commas, keys and values percent-encoded UTF-8 as in a
 * URL query). Trace id and end user may be percent-encoded too ({@code %XX} is decoded, a
 * {@code +} stays a plus), since OkHttp refuses header values that are not ASCII. The
 * credentials an application may have set ({@code Authorization}, {@code api-key}) are removed
 * as well: the engine sends the leased key.
 */
public final class MetadataHeaders {

  /** The trace id header. */
  public static final String TRACE_ID = "Tollgate-Trace-Id";
  /** The end-user header. */
  public static final String END_USER = "Tollgate-End-User";
  /** The tags header. */
  public static final String TAGS = "Tollgate-Tags";

  private MetadataHeaders() {}

  /** The metadata in {@code headers}; an {@link IllegalArgumentException} when it is malformed or out of bounds. */
  public static CallMetadata read(Headers headers) {
    String trace = headers.get(TRACE_ID);
    String endUser = headers.get(END_USER);
    Map<String, String> tags = new LinkedHashMap<>();
    for (String value : headers.values(TAGS)) {
      for (String pair : value.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(TAGS + " must hold key=value pairs separated by commas, got '" + pair + "'");
        }
        tags.put(URLDecoder.decode(pair.substring(0, eq).trim(), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
      }
    }
    if (trace == null && endUser == null && tags.isEmpty()) {
      return CallMetadata.NONE;
    }
    return new CallMetadata(percentDecoded(trace), percentDecoded(endUser), tags);
  }

  /** {@code headers} without the metadata headers and without the application's credentials. */
  public static Headers strip(Headers headers) {
    return headers.newBuilder()
        .removeAll(TRACE_ID).removeAll(END_USER).removeAll(TAGS)
        .removeAll("Authorization").removeAll("api-key")
        .build();
  }

  /** Decodes {@code %XX} sequences (UTF-8) of an ASCII header value; anything else, a {@code +} included, stays. */
  static String percentDecoded(String s) {
    if (s == null || s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else {
        out.write(c); // header values are ASCII (OkHttp refuses others)
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
