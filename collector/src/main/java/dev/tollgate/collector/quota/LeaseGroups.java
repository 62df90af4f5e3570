package dev.tollgate.collector.quota;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lease requests of busy teams granted in groups: requests that arrive while a group is being
 * granted wait for the next one, and one thread grants each group in two transactions of a
 * fixed number of statements ({@link LeaseService#leaseGroup}), so a lease costs PostgreSQL and
 * this instance a share of a group's round trips instead of eleven of its own. A group holds at
 * most one request per client (a later one waits for the next group), so its requests decide
 * independently. A request that the group does not grant, or that no group has taken after
 * {@link #WAIT}, is leased alone by its own thread, as is every request while the thread is not
 * running; one that a group has taken waits for that group's answer.
 */
final class LeaseGroups implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseGroups.class);
  /** The most requests one group grants. */
  static final int MAX_GROUP = 64;
  /** How long a request waits for its group before it is leased alone. */
  static final Duration WAIT = Duration.ofSeconds(5);

  private final Duration wait;

  /**
   * A request in the queue. {@code claimed} is set once, by whichever comes first: the group
   * thread taking it into a group (then the group answers it, however long that takes), or the
   * request itself leaving after {@link #WAIT} (then no group ever takes it).
   */
  private record Waiting(LeaseService.Asked asked, CompletableFuture<LeaseService.GroupAnswer> answer,
      AtomicBoolean claimed) {}

  private final Function<List<LeaseService.Asked>, List<LeaseService.GroupAnswer>> grant;
  private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean stopped;
  private final AtomicLong groups = new AtomicLong();
  private final AtomicLong granted = new AtomicLong();

  LeaseGroups(Function<List<LeaseService.Asked>, List<LeaseService.GroupAnswer>> grant) {
    this(grant, WAIT);
  }

  /** With a request's wait for its group other than {@link #WAIT} (tests). */
  LeaseGroups(Function<List<LeaseService.Asked>, List<LeaseService.GroupAnswer>> grant, Duration wait) {
    this.grant = grant;
    this.wait = wait;
    this.thread = new Thread(this::run, "quota-lease-groups");
    thread.setDaemon(true);
  }

  @Override
  public void start() {
    thread.start();
  }

  @Override
  public void stop() {
    stopped = true;
    thread.interrupt();
  }

  /** How many groups were granted so far (a group of one included). */
  long groups() {
    return groups.get();
  }

  /** How many requests wait in the queue, not yet taken into a group. */
  int queued() {
    return queue.size();
  }

  /** How many leases groups granted so far. */
  long granted() {
    return granted.get();
  }

  /**
   * The lease the request's group granted; empty if the group did not grant it (then lease it
   * alone). Throws the request's refusal.
   */
  Optional<LeaseService.Lease> lease(LeaseService.Asked asked) {
    if (stopped || !thread.isAlive()) {
      return Optional.empty();
    }
    Waiting waiting = new Waiting(asked, new CompletableFuture<>(), new AtomicBoolean());
    queue.add(waiting);
    LeaseService.GroupAnswer answer;
    try {
      answer = waiting.answer().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer = leaveOrAwait(waiting);
    } catch (InterruptedException e) {
      answer = leaveOrAwait(waiting);
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      return Optional.empty();
    }
    if (answer.refusal() != null) {
      throw answer.refusal();
    }
    return Optional.ofNullable(answer.lease());
  }

  /**
   * After waiting too long: leaves the queue if no group has taken the request yet (the answer
   * is then to lease it alone), else waits for its group's answer, so that it never gets a lease
   * from its group and another alone.
   */
  private static LeaseService.GroupAnswer leaveOrAwait(Waiting waiting) {
    if (waiting.claimed().compareAndSet(false, true)) {
      return LeaseService.GroupAnswer.ALONE;
    }
    return waiting.answer().join();
  }

  private void run() {
    List<Waiting> waiting = new ArrayList<>();
    try {
      while (!stopped) {
        if (waiting.isEmpty()) {
          Waiting first = queue.poll(1, TimeUnit.SECONDS);
          if (first == null) {
            continue;
          }
          waiting.add(first);
        }
        queue.drainTo(waiting);
        List<Waiting> group = new ArrayList<>();
        List<Waiting> later = new ArrayList<>();
        Set<UUID> clients = new HashSet<>();
        for (Waiting w : waiting) {
          if (w.claimed().get()) {
            continue;
          }
          if (group.size() >= MAX_GROUP || clients.contains(w.asked().clientId())) {
            later.add(w);
          } else if (w.claimed().compareAndSet(false, true)) {
            clients.add(w.asked().clientId());
            group.add(w);
          }
        }
        waiting = later;
        if (!group.isEmpty()) {
          answer(group);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.addAll(queue);
      waiting.forEach(w -> w.answer().complete(LeaseService.GroupAnswer.ALONE));
    }
  }

  private void answer(List<Waiting> group) {
    List<LeaseService.GroupAnswer> answers = Collections.nCopies(group.size(), LeaseService.GroupAnswer.ALONE);
    try {
      answers = grant.apply(group.stream().map(Waiting::asked).toList());
    } catch (RuntimeException e) {
      LOG.warn("A group of {} leases failed, each is leased alone ({})", group.size(), e.toString());
    } finally {
      // Even if granting threw an Error: its requests wait for this answer.
      groups.incrementAndGet();
      for (int i = 0; i < group.size(); i++) {
        if (answers.get(i).lease() != null) {
          granted.incrementAndGet();
        }
        group.get(i).answer().complete(answers.get(i));
      }
    }
  }
}
