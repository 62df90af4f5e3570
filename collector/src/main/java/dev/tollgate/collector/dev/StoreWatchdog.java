package dev.tollgate.collector.dev;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL the collector owns again when it dies. Meanwhile requests
 * that need the database answer 503 with {@code Retry-After}; once it is back, the
 * connection pool's check on borrow replaces the broken connections and the collector
 * serves again without a restart.
 */
final class StoreWatchdog implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(StoreWatchdog.class);

  private final EmbeddedStore store;
  private final Duration interval;
  private ScheduledExecutorService executor;

  StoreWatchdog(EmbeddedStore store, Duration interval) {
    this.store = store;
    this.interval = interval;
  }

  @Override
  public void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tollgate-embedded-pg-watchdog");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      store.restartIfStopped();
    } catch (RuntimeException e) {
      LOG.warn("Checking the embedded PostgreSQL failed: {}", e.toString());
    }
  }

  @Override
  public void stop() {
    executor.shutdownNow();
  }
}
