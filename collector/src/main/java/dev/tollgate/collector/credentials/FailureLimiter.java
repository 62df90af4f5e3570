package dev.tollgate.collector.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Counts failed token attempts per client id and per remote address in PostgreSQL
 * ({@code auth_failures}), so the limit holds across every collector instance. After
 * {@code maxFailures} within {@code window}, a key is refused until its oldest counted
 * failure leaves the window.
 */
final class FailureLimiter {

  private final Jdbi jdbi;
  private final Clock clock;
  private final int maxFailures;
  private final Duration window;

  FailureLimiter(Jdbi jdbi, Clock clock, int maxFailures, Duration window) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
  }

  /** How long {@code key} must wait, if it is locked out now. */
  Optional<Duration> lockedFor(String key) {
    Instant now = clock.instant();
    Optional<Instant> nth = jdbi.withHandle(h -> h.createQuery("""
            SELECT at FROM auth_failures WHERE key = :key AND at > :since
            ORDER BY at DESC OFFSET :skip LIMIT 1""")
        .bind("key", key).bind("since", now.minus(window)).bind("skip", maxFailures - 1)
        .mapTo(Instant.class).findOne());
    return nth.map(at -> Duration.between(now, at.plus(window)));
  }

  void recordFailure(String... keys) {
    Instant now = clock.instant();
    jdbi.useTransaction(h -> {
      for (String key : keys) {
        h.createUpdate("DELETE FROM auth_failures WHERE key = :key AND at <= :since")
            .bind("key", key).bind("since", now.minus(window)).execute();
        h.createUpdate("INSERT INTO auth_failures (key, at) VALUES (:key, :at)")
            .bind("key", key).bind("at", now).execute();
      }
    });
  }

  void clear(String key) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM auth_failures WHERE key = :key").bind("key", key).execute());
  }
}
