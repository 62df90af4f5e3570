package dev.tollgate.sdk.internal.engine;

import dev.tollgate.sdk.internal.upstream.Cancellation;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;

/**
 * The exchanges in flight, from admission until their last usage event is recorded, so that
 * closing the client waits for them (bounded) and then cancels what is left, which meters it;
 * and so that an application's cancelled OkHttp call cancels Tollgate's call under it.
 */
final class InFlight {

  /** One exchange in flight. */
  record Ticket(Cancellation cancellation, Call outer) {}

  private final Set<Ticket> tickets = ConcurrentHashMap.newKeySet();
  private final Object emptied = new Object();

  Ticket enter(Cancellation cancellation, Call outer) {
    Ticket t = new Ticket(cancellation, outer);
    tickets.add(t);
    return t;
  }

  void exit(Ticket t) {
    if (tickets.remove(t) && tickets.isEmpty()) {
      synchronized (emptied) {
        emptied.notifyAll();
      }
    }
  }

  /** Cancels the exchanges whose application call was cancelled. */
  void cancelAbandoned() {
    for (Ticket t : tickets) {
      if (t.outer() != null && t.outer().isCanceled() && !t.cancellation().isCancelled()) {
        t.cancellation().cancel();
      }
    }
  }

  /** Waits until no exchange is in flight or {@code timeout} passed; true if none is left. */
  boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (emptied) {
      while (!tickets.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        emptied.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  /** Cancels every exchange still in flight (each meters itself). */
  void cancelAll() {
    for (Ticket t : tickets) {
      t.cancellation().cancel();
    }
  }

  int size() {
    return tickets.size();
  }
}
