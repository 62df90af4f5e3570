package dev.tollgate.sdk.internal.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between failed deliveries, overridden by the collector's
 * {@code Retry-After} (capped at the maximum, so a bad header cannot park usage for a day).
 */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final Clock clock;

  Backoff(Duration initial, Duration max, Clock clock) {
    this.initial = initial;
    this.max = max;
    this.clock = clock;
  }

  /** The wait after the {@code failures}-th failure in a row (1-based). */
  Duration delay(int failures, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get();
      return asked.compareTo(max) > 0 ? max : asked;
    }
    long ceiling = initial.toMillis();
    for (int i = 1; i < failures && ceiling < max.toMillis(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, max.toMillis());
    // "Equal jitter": at least half the exponential step, so retries still spread out in time.
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }

  /**
   * Parses {@code retry-after-ms} (milliseconds) or {@code Retry-After} (seconds or an HTTP
   * date); empty when absent or unreadable.
   */
  Optional<Duration> parseRetryAfter(String retryAfterMs, String retryAfter) {
    if (retryAfterMs != null && retryAfterMs.trim().matches("\\d{1,12}")) {
      return Optional.of(Duration.ofMillis(Long.parseLong(retryAfterMs.trim())));
    }
    if (retryAfter == null || retryAfter.isBlank()) {
      return Optional.empty();
    }
    String value = retryAfter.trim();
    if (value.matches("\\d{1,12}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration until = Duration.between(clock.instant(), at);
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (DateTimeParseException notADate) {
      return Optional.empty(); // an unreadable header means "no advice": normal backoff applies
    }
  }
}
