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
    Optional<Instant> nth = jdbi.withExtension(CredentialsDao.class,
        dao -> dao.failureAt(key, now.minus(window), maxFailures - 1));
    return nth.map(at -> Duration.between(now, at.plus(window)));
  }

  void recordFailure(String... keys) {
    Instant now = clock.instant();
    jdbi.useTransaction(h -> {
      CredentialsDao dao = h.attach(CredentialsDao.class);
      for (String key : keys) {
        dao.forgetFailures(key, now.minus(window));
        dao.recordFailure(key, now);
      }
    });
  }

  void clear(String key) {
    jdbi.useExtension(CredentialsDao.class, dao -> dao.clearFailures(key));
  }
}
