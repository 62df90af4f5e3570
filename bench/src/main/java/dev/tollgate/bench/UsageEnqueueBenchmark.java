package dev.tollgate.bench;

import dev.tollgate.sdk.internal.usage.AccessTokenSource;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.internal.usage.UsageShipper;
import dev.tollgate.sdk.internal.usage.UsageShipperConfig;
import dev.tollgate.sdk.internal.usage.UsageShipperMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The caller-side cost of {@link UsageShipper#accept(UsageEvent)} next to a bare {@link
 * ArrayBlockingQueue#offer} and {@link ConcurrentLinkedQueue#offer} of the same event.
 *
 * <p>Each iteration gets a fresh shipper and queues with room for every operation of the
 * iteration (short iterations, a large capacity), so the figures are the enqueue path, not the
 * queue-full path. The shipper's sender thread is held in its token source during measurement
 * (the collector URL is unreachable anyway), so it neither competes for the queue nor does I/O;
 * the figure is the caller's cost. Teardown releases it; the events then go to a small spool
 * that refuses most of them, which is not measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class UsageEnqueueBenchmark {

  /** Room for 100 ms of enqueues at 12.5 ns each. */
  static final int CAPACITY = 8_000_000;

  static final UsageEvent EVENT = new UsageEvent(UUID.randomUUID(), Instant.now(),
      "/v1/chat/completions", "POST", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 200, 812, 210L,
      true, "lease-1", "trace-1", "u-42",
      new UsageEvent.Usage(1200, 1024, 0, 0, 300, 0, 0, false), null,
      Map.of("feature", "summarise"), "default");

  /** A shipper whose sender waits in its token source until teardown. */
  @State(Scope.Thread)
  public static class ShipperState {
    UsageShipper shipper;
    CountDownLatch release;
    Path spool;

    @Setup(Level.Iteration)
    public void start() throws IOException {
      release = new CountDownLatch(1);
      spool = Files.createTempDirectory("tollgate-bench-spool");
      CountDownLatch gate = release;
      AccessTokenSource heldTokens = new AccessTokenSource() {
        @Override
        public String accessToken() {
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "bench";
        }

        @Override
        public void invalidate(String token) {}
      };
      shipper = UsageShipper.start(UsageShipperConfig.builder()
          .collectorUrl(HttpUrl.get("http://127.0.0.1:9/"))
          .httpClient(new OkHttpClient())
          .tokens(heldTokens)
          .spoolDirectory(spool)
          .batchSize(1)
          .queueCapacity(CAPACITY)
          .maxBatchBytes(1024)
          .maxSpoolBytes(1024)
          .closeTimeout(Duration.ofMinutes(2))
          .sleeper(d -> { })
          .shutdownHook(false)
          .build());
    }

    @TearDown(Level.Iteration)
    public void stop() {
      UsageShipperMetrics before = shipper.metrics();
      release.countDown();
      shipper.close();
      if (before.spooled() > 0 || before.refused() > 0) {
        System.err.printf("WARNING: the queue filled up (%d spooled, %d refused); the figure "
            + "includes the queue-full path: raise CAPACITY%n", before.spooled(), before.refused());
      }
      deleteRecursively(spool);
    }
  }

  /** A bare bounded queue of the same capacity. */
  @State(Scope.Thread)
  public static class ArrayQueueState {
    ArrayBlockingQueue<UsageEvent> queue;

    @Setup(Level.Iteration)
    public void start() {
      queue = new ArrayBlockingQueue<>(CAPACITY);
    }

    @TearDown(Level.Iteration)
    public void stop() {
      if (queue.remainingCapacity() == 0) {
        System.err.println("WARNING: the ArrayBlockingQueue filled up: raise CAPACITY");
      }
      queue = null;
    }
  }

  /** A bare unbounded lock-free queue. */
  @State(Scope.Thread)
  public static class LinkedQueueState {
    ConcurrentLinkedQueue<UsageEvent> queue;

    @Setup(Level.Iteration)
    public void start() {
      queue = new ConcurrentLinkedQueue<>();
    }

    @TearDown(Level.Iteration)
    public void stop() {
      queue = null;
    }
  }

  @Benchmark
  public void shipperAccept(ShipperState state) {
    state.shipper.accept(EVENT);
  }

  @Benchmark
  public boolean arrayBlockingQueueOffer(ArrayQueueState state) {
    return state.queue.offer(EVENT);
  }

  @Benchmark
  public boolean concurrentLinkedQueueOffer(LinkedQueueState state) {
    return state.queue.offer(EVENT);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
