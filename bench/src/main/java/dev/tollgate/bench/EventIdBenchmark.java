package dev.tollgate.bench;

import dev.tollgate.sdk.internal.metering.EventIds;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a usage event's id costs the caller's thread: {@link EventIds#at} (time-ordered, version 7)
 * next to {@link UUID#randomUUID()} (version 4, what the SDK used before), one thread and two.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class EventIdBenchmark {

  private final Instant now = Instant.now();

  @Benchmark
  public UUID randomUuid() {
    return UUID.randomUUID();
  }

  @Benchmark
  public UUID eventId() {
    return EventIds.at(now);
  }

  @Benchmark
  @Threads(2)
  public UUID randomUuidTwoThreads() {
    return UUID.randomUUID();
  }

  @Benchmark
  @Threads(2)
  public UUID eventIdTwoThreads() {
    return EventIds.at(now);
  }
}
