package dev.tollgate.sdk.internal.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Takes batches off the shipper's queue within the collector's limits (event count and
 * uncompressed body bytes) and the flush interval. Used by the sender thread only.
 *
 * <p>While a batch fills, the sender sleeps until the first event has waited the interval, the
 * queue holds a full batch, or close begins; it does not wait on the queue itself, so a call
 * queueing its event wakes no thread (a wake-up per event cost a futex call and a context
 * switch per governed call, measured in docs/benchmarks.md). {@link #fillWaiter()} is the
 * thread to {@link LockSupport#unpark} when the queue holds a batch or close begins.
 */
final class Batcher {

  private final BlockingQueue<UsageEvent> queue;
  private final int batchSize;
  private final int maxBatchBytes;
  private final Function<UsageEvent, EncodedEvent> encoder;
  private final BooleanSupplier stopping;
  private EncodedEvent carried; // did not fit the previous batch
  private volatile Thread fillWaiter;

  /**
   * @param encoder encodes an event, or returns null for one to skip
   * @param stopping ends a waiting take early (close() has begun)
   */
  Batcher(BlockingQueue<UsageEvent> queue, int batchSize, int maxBatchBytes,
      Function<UsageEvent, EncodedEvent> encoder, BooleanSupplier stopping) {
    this.queue = queue;
    this.batchSize = batchSize;
    this.maxBatchBytes = maxBatchBytes;
    this.encoder = encoder;
    this.stopping = stopping;
  }

  /**
   * Waits up to {@code intervalNanos} for a first event, then fills a batch until it is full or
   * the first event has waited {@code intervalNanos}; empty when nothing came.
   */
  List<EncodedEvent> collect(long intervalNanos) throws InterruptedException {
    long deadline = System.nanoTime() + intervalNanos;
    if (carried == null) {
      UsageEvent first = queue.poll(intervalNanos, TimeUnit.NANOSECONDS);
      if (first == null) {
        return List.of();
      }
      carried = encoder.apply(first);
      deadline = System.nanoTime() + intervalNanos;
    }
    awaitBatch(deadline);
    return take(0);
  }

  /**
   * Sleeps until {@code deadline}, a full batch queued, or stopping, without waiting on the
   * queue (so that producers wake nobody); an interrupt ends it and is thrown.
   */
  private void awaitBatch(long deadline) throws InterruptedException {
    fillWaiter = Thread.currentThread();
    try {
      long remaining;
      while (queue.size() + 1 < batchSize && !stopping.getAsBoolean()
          && (remaining = deadline - System.nanoTime()) > 0) {
        LockSupport.parkNanos(this, remaining);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    } finally {
      fillWaiter = null;
    }
  }

  /** The thread sleeping while a batch fills, or null: unpark it when a batch is queued. */
  Thread fillWaiter() {
    return fillWaiter;
  }

  /**
   * Takes up to one batch, waiting at most {@code waitNanos} in all; with zero it takes only
   * what is queued. A waiting take ends early when stopping.
   */
  List<EncodedEvent> take(long waitNanos) throws InterruptedException {
    List<EncodedEvent> batch = new ArrayList<>();
    long bytes = 0;
    long deadline = System.nanoTime() + waitNanos;
    if (carried != null) {
      batch.add(carried);
      bytes = carried.json().length;
      carried = null;
    }
    while (batch.size() < batchSize && !(waitNanos > 0 && stopping.getAsBoolean())) {
      long remaining = deadline - System.nanoTime();
      UsageEvent event = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : queue.poll();
      if (event == null) {
        break;
      }
      EncodedEvent encoded = encoder.apply(event);
      if (encoded == null) {
        continue;
      }
      if (!batch.isEmpty()
          && UsageUploader.bodySize(batch.size() + 1, bytes + encoded.json().length) > maxBatchBytes) {
        carried = encoded;
        break;
      }
      batch.add(encoded);
      bytes += encoded.json().length;
    }
    return batch;
  }
}
