package dev.tollgate.collector.quota;

import static org.assertj.core.api.Assertions.fail;

import com.codahale.metrics.Gauge;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Duration;

/** Waits for an application's leases written behind ({@link LeaseWriter}) to be in PostgreSQL. */
public final class LeaseWrites {

  private static final Duration AT_MOST = Duration.ofSeconds(10);

  private LeaseWrites() {}

  /** Returns once every group the app answered so far is written (at once when it writes none behind). */
  public static void awaitWritten(DropwizardAppExtension<?> app) {
    Gauge<?> pending = app.getEnvironment().metrics().getGauges().get(QuotaFeature.LEASE_WRITES_PENDING);
    if (pending == null) {
      return;
    }
    long deadline = System.nanoTime() + AT_MOST.toNanos();
    while (((Number) pending.getValue()).longValue() > 0) {
      if (System.nanoTime() > deadline) {
        fail("leases answered " + AT_MOST + " ago are still not written");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
