package dev.tollgate.collector.infra;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task an instance runs every interval on a daemon thread of its own, from when the
 * application starts until it stops. A failed run (a database outage, a lock not granted) is
 * logged and tried again at the next interval.
 */
public final class PeriodicTask implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

  private final String name;
  private final Duration every;
  private final boolean runAtStart;
  private final Runnable task;
  private ScheduledExecutorService thread;

  /**
   * A task.
   *
   * @param name what it does, for its thread's name and the log ("usage partitions")
   * @param every how long from the end of one run to the start of the next
   * @param runAtStart whether {@link #start} runs it once itself, before the application serves
   *     (a failure then stops the start)
   * @param task the work
   */
  public PeriodicTask(String name, Duration every, boolean runAtStart, Runnable task) {
    this.name = name;
    this.every = every;
    this.runAtStart = runAtStart;
    this.task = task;
  }

  @Override
  public void start() {
    if (runAtStart) {
      task.run();
    }
    thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tollgate-" + name.replace(' ', '-'));
      t.setDaemon(true);
      return t;
    });
    thread.scheduleWithFixedDelay(this::runLogged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runLogged() {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("{} failed; retrying at the next interval: {}", name, e.getMessage());
    }
  }

  @Override
  public void stop() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
