package dev.tollgate.sdk.internal.upstream;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.Headers;

/**
 * When to retry an upstream attempt and how long to wait: connection errors and 408, 409,
 * 429, 500, 502, 503, 504 are retried (a billed request that timed out after it was sent only
 * when the application allows it); the wait is the provider's {@code retry-after-ms}
 * or {@code Retry-After} (seconds or an HTTP date), capped, or else an exponential backoff
 * with jitter (Resilience4j's {@link IntervalFunction}).
 *
 * @param maxRetries retries after the first attempt
 * @param initialBackoff the first backoff
 * @param maxBackoff the largest backoff
 * @param retryAfterCap the longest wait a provider's retry-after header may impose
 * @param retryTimedOutGenerations whether a billed request (a generation, an embedding) that timed
 *     out after it was sent is retried: the provider may have done, and billed, the work
 */
public record RetryPolicy(
    int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration retryAfterCap,
    boolean retryTimedOutGenerations) {

  /** Whether an answer with {@code status} is worth another attempt. */
  public static boolean retryable(int status) {
    return switch (status) {
      case 408, 409, 429, 500, 502, 503, 504 -> true;
      default -> false;
    };
  }

  /** The backoff before retry number {@code retry} (1-based) without provider guidance. */
  public Duration backoff(int retry) {
    IntervalFunction f = IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.5, maxBackoff);
    return Duration.ofMillis(f.apply(retry));
  }

  /** The wait before retry number {@code retry} after an answer with {@code headers}. */
  public Duration delay(int retry, Headers headers, Instant now) {
    Duration hinted = retryAfter(headers, now);
    if (hinted != null) {
      return hinted.compareTo(retryAfterCap) > 0 ? retryAfterCap : hinted;
    }
    return backoff(retry);
  }

  static Duration retryAfter(Headers headers, Instant now) {
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      try {
        double v = Double.parseDouble(ms.trim());
        if (v >= 0) {
          return Duration.ofNanos((long) (v * 1_000_000));
        }
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    String ra = headers.get("retry-after");
    if (ra == null) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(ra.trim());
      return seconds >= 0 ? Duration.ofMillis((long) (seconds * 1000)) : null;
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(ra.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
