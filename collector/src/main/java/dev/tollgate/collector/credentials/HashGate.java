package dev.tollgate.collector.credentials;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounded concurrency for verifying client secrets, the one deliberately slow thing the
 * collector does (PBKDF2), so that a flood of token attempts cannot take every CPU. Attempts
 * queue fairly for a permit for a few seconds; an attempt on a client id or from an address
 * that is past its failure limit ("suspect") gets a permit only if one is free at once and
 * nobody is waiting, so an attack waits behind everyone else instead of in front of them.
 */
final class HashGate {

  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final Semaphore permits;
  private final Duration maxWait;

  HashGate(int concurrency, Duration maxWait) {
    this.permits = new Semaphore(concurrency, true);
    this.maxWait = maxWait;
  }

  /** Runs {@code verification} under a permit, or refuses with 429 when none comes in time. */
  boolean verify(boolean suspect, BooleanSupplier verification) {
    boolean acquired;
    try {
      // tryAcquire with a timeout, even 0, honours fairness: it never overtakes a waiting attempt.
      acquired = permits.tryAcquire(suspect ? 0 : maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TooManyAttemptsException(RETRY_AFTER);
    }
    if (!acquired) {
      throw new TooManyAttemptsException(RETRY_AFTER);
    }
    try {
      return verification.getAsBoolean();
    } finally {
      permits.release();
    }
  }
}
