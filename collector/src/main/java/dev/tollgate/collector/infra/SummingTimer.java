package dev.tollgate.collector.infra;

import com.codahale.metrics.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Dropwizard timer that also keeps the total time recorded, so its Prometheus summary has
 * a {@code _sum} and averages over any window can be computed across instances
 * ({@code rate(x_sum[5m]) / rate(x_count[5m])}). Record with {@link #update} or
 * {@link #time()}; {@code time(Callable)} bypasses the sum.
 */
public final class SummingTimer extends Timer {

  private final LongAdder totalNanos = new LongAdder();

  @Override
  public void update(long duration, TimeUnit unit) {
    if (duration >= 0) {
      totalNanos.add(unit.toNanos(duration));
    }
    super.update(duration, unit);
  }

  @Override
  public void update(Duration duration) {
    update(duration.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Seconds recorded in all. */
  public double totalSeconds() {
    return totalNanos.sum() / 1e9;
  }
}
