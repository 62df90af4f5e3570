package dev.tollgate.collector.dev.upstream;

import java.time.Duration;

/** Waits for a while; injected so that tests observe the simulated latency instead of waiting for it. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the calling thread. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
