package dev.tollgate.sdk.internal.usage;

import java.time.Duration;

/** Waits between attempts; injected so that tests never wait on the wall clock. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the wall clock with {@link Thread#sleep(long)}. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /** Blocks the calling thread for {@code duration}, or less when interrupted. */
  void sleep(Duration duration) throws InterruptedException;
}
