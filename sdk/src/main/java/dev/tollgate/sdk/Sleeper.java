package dev.tollgate.sdk;

import java.time.Duration;

/** Waits between retries; replace it in tests so they never wait on the wall clock. */
@FunctionalInterface
public interface Sleeper {

  /** The sleeper that blocks the calling thread. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;
}
