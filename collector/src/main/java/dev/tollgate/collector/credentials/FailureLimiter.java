package dev.tollgate.collector.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;

/**
 * Counts failed token attempts per client id and per remote address in PostgreSQL
 * ({@code auth_failures}), so the counts hold across every collector instance. Past
 * {@code maxFailures} within {@code window}, each further failure of a key earns a delay that
 * doubles (1 s, 2 s, 4 s, ... up to the window) and is answered 429 with that delay as
 * {@code Retry-After}. A count never locks anyone out: it only changes how a failing attempt
 * is answered and how soon an attacked client id's attempts get to verify a secret.
 *
 * <p>Writes are bounded: a key stops gaining rows at four times the limit (its delay is at the
 * cap by then), and rows older than the window are deleted in bulk now and then.
 */
final class FailureLimiter {

  private static final int ROWS_PER_KEY_FACTOR = 4;

  private final Jdbi jdbi;
  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.EPOCH);

  FailureLimiter(Jdbi jdbi, Clock clock, int maxFailures, Duration window) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
  }

  /** The failures of each key within the window (absent keys have none). */
  Map<String, Integer> counts(List<String> keys) {
    Map<String, Integer> out = new HashMap<>();
    jdbi.useExtension(CredentialsDao.class, dao -> dao.failureCounts(keys.toArray(String[]::new), clock.instant().minus(window))
        .forEach(c -> out.put(c.key(), c.failures())));
    return out;
  }

  /** Whether {@code count} failures put a key past the limit. */
  boolean over(int count) {
    return count > maxFailures;
  }

  /** The delay {@code count} failures earn: none up to the limit, then 1 s doubling per failure, capped at the window. */
  Duration delayAfter(int count) {
    if (!over(count)) {
      return Duration.ZERO;
    }
    int doublings = Math.min(count - maxFailures - 1, 30);
    Duration delay = Duration.ofSeconds(1L << doublings);
    return delay.compareTo(window) > 0 ? window : delay;
  }

  /** Records a failure of each key (unless it already has the most rows worth keeping); returns the new counts. */
  Map<String, Integer> recordFailure(Map<String, Integer> before, String... keys) {
    Instant now = clock.instant();
    Map<String, Integer> after = new HashMap<>(before);
    jdbi.useTransaction(h -> {
      CredentialsDao dao = h.attach(CredentialsDao.class);
      for (String key : keys) {
        int count = before.getOrDefault(key, 0);
        if (count < maxFailures * ROWS_PER_KEY_FACTOR) {
          dao.recordFailure(key, now);
        }
        after.put(key, count + 1);
      }
    });
    pruneNowAndThen(now);
    return after;
  }

  void clear(String key) {
    jdbi.useExtension(CredentialsDao.class, dao -> dao.clearFailures(key));
  }

  private void pruneNowAndThen(Instant now) {
    Instant last = lastPrune.get();
    if (Duration.between(last, now).compareTo(window) > 0 && lastPrune.compareAndSet(last, now)) {
      jdbi.useExtension(CredentialsDao.class, dao -> dao.forgetFailuresBefore(now.minus(window)));
    }
  }
}
