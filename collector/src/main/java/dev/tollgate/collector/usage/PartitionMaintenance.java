package dev.tollgate.collector.usage;

import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link UsagePartitions#runOnce} when the instance starts (before it serves, so the
 * current month has its partition) and then every maintenance interval; a failed pass (a lock
 * not granted within its timeout, a database outage) is logged and tried again at the next one.
 */
final class PartitionMaintenance implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintenance.class);

  private final UsagePartitions partitions;
  private ScheduledExecutorService thread;

  PartitionMaintenance(UsagePartitions partitions) {
    this.partitions = partitions;
  }

  @Override
  public void start() {
    partitions.runOnce();
    thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tollgate-usage-partitions");
      t.setDaemon(true);
      return t;
    });
    long every = partitions.settings().maintenanceInterval().toMillis();
    thread.scheduleWithFixedDelay(this::runLogged, every, every, TimeUnit.MILLISECONDS);
  }

  private void runLogged() {
    try {
      partitions.runOnce();
    } catch (RuntimeException e) {
      LOG.warn("Usage partition maintenance failed; retrying at the next interval: {}", e.getMessage());
    }
  }

  @Override
  public void stop() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
