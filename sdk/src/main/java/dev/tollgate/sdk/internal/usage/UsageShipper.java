package dev.tollgate.sdk.internal.usage;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships usage events to the collector without blocking callers and without losing accepted
 * events to a collector outage: a bounded in-memory queue, one background sender thread that
 * posts gzip batches by size or interval, and a disk spool for everything that could not be sent
 * (queue full, collector failing, close) that is replayed when the collector answers again and
 * at the next start. See {@code docs/sdk-usage-shipping.md}.
 *
 * <p>Thread-safe. {@link #accept(UsageEvent)} only offers to an {@link ArrayBlockingQueue}; when
 * the queue is full it encodes and appends the event to the spool on the caller's thread (no
 * fsync there; the sender syncs at its next batch boundary), the one case where a caller touches
 * the disk, and only while the sender cannot keep up.
 */
public final class UsageShipper implements UsageSink {

  private static final Logger log = LoggerFactory.getLogger(UsageShipper.class);
  /** Wakes the sender from its wait on an empty queue; never shipped. */
  private static final UsageEvent WAKE_UP =
      new UsageEvent(new UUID(0, 0), Instant.EPOCH, "", null, null, null, 0, 0, null, false,
          null, null, null, null, null, null, null);
  private static final Duration STOP_GRACE = Duration.ofSeconds(2);

  private final UsageShipperConfig config;
  private final ArrayBlockingQueue<UsageEvent> queue;
  private final UsageSpool spool;
  private final UsageUploader uploader;
  private final Backoff backoff;
  private final Batcher batcher;
  private final Thread sender;
  private final Thread shutdownHook;
  private final Object sleepLock = new Object();
  private final Object spoolHandOff = new Object();
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final CountDownLatch closeDone = new CountDownLatch(1);

  private final LongAdder accepted = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder spooled = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder refused = new LongAdder();

  private volatile boolean closed;
  private volatile boolean stopping;
  private volatile long closeDeadlineNanos;
  private boolean sleeping; // guarded by sleepLock
  private boolean senderDone; // guarded by spoolHandOff
  private boolean senderClosesSpool; // guarded by spoolHandOff
  private int failures; // sender thread only

  private UsageShipper(UsageShipperConfig config) {
    this.config = config;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.spool = UsageSpool.open(config.spoolDirectory(), config.maxSpoolBytes(),
        config.batchSize(), config.maxBatchBytes());
    this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), config.clock());
    this.uploader = new UsageUploader(config.collectorUrl(), config.httpClient(),
        config.tokens(), backoff);
    this.batcher = new Batcher(queue, config.batchSize(), config.maxBatchBytes(), this::encode,
        () -> stopping);
    this.sender = new Thread(this::run, "tollgate-usage-shipper");
    this.sender.setDaemon(true);
    this.shutdownHook = config.shutdownHook()
        ? new Thread(this::close, "tollgate-usage-shutdown") : null;
  }

  /**
   * Opens the spool (taking its lock), starts the sender thread, which first replays what an
   * earlier run left in the spool, and registers the shutdown hook if configured.
   */
  public static UsageShipper start(UsageShipperConfig config) {
    Objects.requireNonNull(config, "config");
    UsageShipper shipper = new UsageShipper(config);
    shipper.sender.start();
    if (shipper.shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shipper.shutdownHook);
    }
    return shipper;
  }

  /** Queues {@code event} for shipping; never blocks on the network. */
  @Override
  public void accept(UsageEvent event) {
    Objects.requireNonNull(event, "event");
    if (closed) {
      refuseAfterClose(event);
      return;
    }
    accepted.increment();
    if (!queue.offer(event)) {
      spoolOnCallerThread(event);
    } else if (closed && queue.remove(event)) {
      // close() raced with us and may already have drained the queue: keep the event ourselves.
      spoolOnCallerThread(event);
    } else if (queue.size() + 1 >= config.batchSize()) {
      // With the event the sender holds, the queue now makes a batch (Batcher#awaitBatch).
      wakeFillWaiter();
    }
  }

  /** The counters so far. */
  public UsageShipperMetrics metrics() {
    return new UsageShipperMetrics(accepted.sum(), queue.size(), sent.sum(), spooled.sum(),
        replayed.sum(), rejected.sum(), refused.sum() + spool.refused(), spool.bytes());
  }

  /**
   * Stops accepting, sends what is queued within the close timeout, spools the rest and releases
   * the spool. Idempotent; a second caller waits for the first to finish.
   */
  @Override
  public void close() {
    if (!closeStarted.compareAndSet(false, true)) {
      awaitClose();
      return;
    }
    try {
      closed = true;
      closeDeadlineNanos = System.nanoTime() + config.closeTimeout().toNanos();
      stopping = true;
      queue.offer(WAKE_UP);
      wakeFillWaiter();
      synchronized (sleepLock) {
        if (sleeping) {
          sender.interrupt();
        }
      }
      if (!join(closeDeadlineNanos - System.nanoTime())) {
        uploader.cancel();
        if (!join(STOP_GRACE.toNanos())) {
          log.error("The usage sender did not stop within {}; spooling the queue without it. "
              + "It will spool its batch in hand and release the spool when its request returns",
              config.closeTimeout().plus(STOP_GRACE));
        }
      }
      drainQueueToSpool();
      synchronized (spoolHandOff) {
        if (senderDone) {
          spool.close();
        } else {
          senderClosesSpool = true;
        }
      }
    } catch (IOException e) {
      log.error("Closing the usage spool {} failed", spool.directory(), e);
    } finally {
      if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
          log.debug("JVM already shutting down; the hook will find the shipper closed");
        }
      }
      closeDone.countDown();
      log.info("Usage shipper closed: {}", metrics());
    }
  }

  /** Wakes the sender if it sleeps while a batch fills (a full batch is queued, or close began). */
  private void wakeFillWaiter() {
    Thread waiter = batcher.fillWaiter();
    if (waiter != null) {
      LockSupport.unpark(waiter);
    }
  }

  private void run() {
    try {
      while (!stopping) {
        try {
          if (!spool.isEmpty()) {
            replayOldest();
          } else {
            sendLive(batcher.collect(config.flushInterval().toNanos()));
          }
        } catch (IOException | RuntimeException e) {
          // The sender must outlive any one failure: a dead sender would let usage pile up.
          log.error("Usage shipping failed unexpectedly (spool {}); retrying after a pause",
              spool.directory(), e);
          pause(Optional.empty());
        }
      }
    } catch (InterruptedException e) {
      log.debug("Usage sender interrupted while waiting for events; finishing");
    } finally {
      finish();
      synchronized (spoolHandOff) {
        senderDone = true;
        if (senderClosesSpool) {
          closeSpool();
        }
      }
    }
  }

  private void closeSpool() {
    try {
      spool.close();
    } catch (IOException e) {
      log.error("Closing the usage spool {} failed", spool.directory(), e);
    }
  }

  /** Collector failing or backlog waiting: park the queue on disk, then try the oldest segment. */
  private void replayOldest() throws IOException {
    drainQueueToSpool();
    Optional<UsageSpool.Segment> segment = spool.oldest();
    if (segment.isEmpty()) {
      return;
    }
    UsageUploader.Outcome outcome = uploader.send(spool.read(segment.get()));
    if (outcome.delivered()) {
      spool.delete(segment.get());
      replayed.add(outcome.acknowledged());
      rejected.add(outcome.rejected());
      failures = 0;
    } else {
      replayed.add(outcome.acknowledged());
      pause(outcome);
    }
  }

  private void sendLive(List<EncodedEvent> batch) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    UsageUploader.Outcome outcome = uploader.send(batch);
    sent.add(outcome.acknowledged());
    rejected.add(outcome.rejected());
    if (outcome.delivered()) {
      failures = 0;
      return;
    }
    // Duplicates of a partly delivered batch are harmless: event ids make replay idempotent.
    spoolBatch(batch);
    pause(outcome);
  }

  /**
   * On stop: sends what is left, batch by batch, while the close deadline allows and the
   * collector answers; spools the rest. What an outage left in the spool goes first, so that a
   * collector that is back by now gets everything at close, not only at the next start. Works a
   * batch at a time so that a long queue is never held encoded in memory all at once.
   */
  private void finish() {
    boolean sending = true;
    try {
      while (sending && !spool.isEmpty() && System.nanoTime() < closeDeadlineNanos) {
        sending = replayOneAtClose();
      }
      for (List<EncodedEvent> batch = batcher.take(0); !batch.isEmpty(); batch = batcher.take(0)) {
        if (sending && System.nanoTime() < closeDeadlineNanos) {
          UsageUploader.Outcome outcome = uploader.send(batch);
          sent.add(outcome.acknowledged());
          rejected.add(outcome.rejected());
          if (outcome.delivered()) {
            continue;
          }
          sending = false;
        }
        spoolBatch(batch);
      }
    } catch (IOException e) {
      log.error("Could not spool usage events at close", e);
    } catch (InterruptedException e) {
      // take(0) never waits; an interrupt here comes from outside and ends the flush.
      Thread.currentThread().interrupt();
      log.error("Usage sender interrupted while flushing at close; close() spools the rest");
    }
  }

  /** Sends the oldest spool segment; false when the collector did not take it. */
  private boolean replayOneAtClose() throws IOException {
    Optional<UsageSpool.Segment> segment = spool.oldest();
    if (segment.isEmpty()) {
      return true;
    }
    UsageUploader.Outcome outcome = uploader.send(spool.read(segment.get()));
    replayed.add(outcome.acknowledged());
    if (!outcome.delivered()) {
      return false;
    }
    spool.delete(segment.get());
    rejected.add(outcome.rejected());
    return true;
  }

  private void drainQueueToSpool() throws IOException {
    List<UsageEvent> drained = new ArrayList<>();
    while (queue.drainTo(drained, config.batchSize()) > 0) {
      List<EncodedEvent> encoded = new ArrayList<>(drained.size());
      for (UsageEvent event : drained) {
        EncodedEvent e = encode(event);
        if (e != null) {
          encoded.add(e);
        }
      }
      spoolBatch(encoded);
      drained.clear();
    }
  }

  private void spoolBatch(List<EncodedEvent> batch) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    try {
      spooled.add(spool.append(batch, true));
    } catch (IOException | IllegalStateException e) {
      refused.add(batch.size());
      log.error("Could not spool {} usage events (first id {}); they are lost",
          batch.size(), batch.get(0).id(), e);
      if (e instanceof IOException io) {
        throw io;
      }
    }
  }

  private void spoolOnCallerThread(UsageEvent event) {
    EncodedEvent encoded = encode(event);
    if (encoded == null) {
      return;
    }
    try {
      spooled.add(spool.append(List.of(encoded), false));
    } catch (IOException | IllegalStateException e) {
      refused.increment();
      log.error("Usage queue full and spool unwritable: usage event {} is lost", event.id(), e);
    }
  }

  private void refuseAfterClose(UsageEvent event) {
    refused.increment();
    log.error("Usage event {} offered after the shipper was closed; it is not recorded",
        event.id());
  }

  /** Encodes on the sender (or the caller, when spooling); null for the wake-up marker or an unencodable event. */
  private EncodedEvent encode(UsageEvent event) {
    if (event == WAKE_UP) {
      return null;
    }
    try {
      return EncodedEvent.of(event);
    } catch (RuntimeException e) {
      rejected.increment();
      log.error("Usage event {} cannot be encoded; dropping it", event.id(), e);
      return null;
    }
  }

  private void pause(UsageUploader.Outcome outcome) {
    failures++;
    log.warn("Usage delivery failed ({}); attempt {} in a row, events kept in the spool",
        outcome.failure(), failures);
    pause(outcome.retryAfter());
  }

  private void pause(Optional<Duration> retryAfter) {
    Duration delay = backoff.delay(Math.max(failures, 1), retryAfter);
    synchronized (sleepLock) {
      if (stopping) {
        return;
      }
      sleeping = true;
    }
    try {
      config.sleeper().sleep(delay);
    } catch (InterruptedException e) {
      log.debug("Usage backoff interrupted by close()");
    } finally {
      synchronized (sleepLock) {
        sleeping = false;
        // close() interrupts only while we sleep; clear it so that no spool I/O sees it.
        Thread.interrupted();
      }
    }
  }

  private boolean join(long nanos) {
    try {
      sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !sender.isAlive();
  }

  private void awaitClose() {
    try {
      if (!closeDone.await(config.closeTimeout().plus(STOP_GRACE).toMillis(),
          TimeUnit.MILLISECONDS)) {
        log.warn("Gave up waiting for another thread's close() of the usage shipper");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
