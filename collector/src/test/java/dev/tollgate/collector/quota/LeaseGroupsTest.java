package dev.tollgate.collector.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.common.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How {@link LeaseGroups} forms groups and answers their requests, with a grant function standing in for the database. */
class LeaseGroupsTest {

  private final List<List<LeaseService.Asked>> granted = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private LeaseGroups groups;

  @AfterEach
  void stop() {
    if (groups != null) {
      groups.stop();
    }
    callers.shutdownNow();
  }

  @Test
  void requestsThatArriveWhileAGroupIsGrantedFormTheNextGroupAtMostOnePerClient() throws Exception {
    CountDownLatch firstGroupEntered = new CountDownLatch(1);
    CountDownLatch releaseFirstGroup = new CountDownLatch(1);
    groups = start(group -> {
      firstGroupEntered.countDown();
      await(releaseFirstGroup);
      return leases(group);
    });
    UUID clientA = UUID.randomUUID();
    UUID clientB = UUID.randomUUID();
    Future<Optional<LeaseService.Lease>> first = ask(clientA);
    assertThat(firstGroupEntered.await(5, TimeUnit.SECONDS)).isTrue();
    // While the first group is granted: two requests of B, one of A.
    List<Future<Optional<LeaseService.Lease>>> waiting = List.of(ask(clientB), ask(clientB), ask(clientA));
    awaitQueued(3);
    releaseFirstGroup.countDown();

    assertThat(first.get(5, TimeUnit.SECONDS)).isPresent();
    for (Future<Optional<LeaseService.Lease>> f : waiting) {
      assertThat(f.get(5, TimeUnit.SECONDS)).isPresent();
    }
    assertThat(granted).hasSize(3);
    assertThat(clients(granted.get(0))).containsExactly(clientA);
    // The second group holds one request of each client; B's second waits for the third group.
    assertThat(clients(granted.get(1))).containsExactlyInAnyOrder(clientA, clientB);
    assertThat(clients(granted.get(2))).containsExactly(clientB);
    assertThat(groups.groups()).isEqualTo(3);
    assertThat(groups.granted()).isEqualTo(4);
  }

  @Test
  void aRefusalIsThrownToItsRequestAndAFailedGroupLeavesEachRequestToBeLeasedAlone() throws Exception {
    ProblemException refusal = ProblemException.forbidden("Source 'x' is not included in the team's product");
    groups = start(group -> group.stream().map(a -> a.request().model().equals("refused")
        ? new LeaseService.GroupAnswer(null, refusal) : LeaseService.GroupAnswer.ALONE).toList());
    assertThatThrownBy(() -> groups.lease(asked(UUID.randomUUID(), "refused"))).isSameAs(refusal);
    assertThat(groups.lease(asked(UUID.randomUUID(), "m"))).isEmpty();
    groups.stop();

    LeaseGroups failing = start(group -> {
      throw new IllegalStateException("the database is gone");
    });
    try {
      assertThat(failing.lease(asked(UUID.randomUUID(), "m"))).isEmpty();
      assertThat(failing.granted()).isZero();
    } finally {
      failing.stop();
    }
  }

  @Test
  void aRequestTakenIntoAGroupWaitsForItsAnswerPastTheWaitAndOneNotYetTakenLeavesAndIsNeverGranted()
      throws Exception {
    CountDownLatch firstGroupEntered = new CountDownLatch(1);
    CountDownLatch releaseFirstGroup = new CountDownLatch(1);
    groups = new LeaseGroups(group -> {
      if (firstGroupEntered.getCount() > 0) {
        firstGroupEntered.countDown();
        await(releaseFirstGroup);
      }
      return leases(group);
    }, Duration.ofMillis(200));
    groups.start();
    UUID taken = UUID.randomUUID();
    UUID leaving = UUID.randomUUID();
    Future<Optional<LeaseService.Lease>> inGroup = ask(taken);
    assertThat(firstGroupEntered.await(5, TimeUnit.SECONDS)).isTrue();
    // Queued behind the slow group: after its 200 ms it leaves, to be leased alone.
    assertThat(groups.lease(asked(leaving, "m"))).isEmpty();
    Thread.sleep(300);
    releaseFirstGroup.countDown();

    // The first waited past its 200 ms for its group's lease instead of leaving with a second one coming.
    assertThat(inGroup.get(5, TimeUnit.SECONDS)).isPresent();
    // The next group (if any) never holds the request that left.
    Thread.sleep(100);
    assertThat(granted.stream().flatMap(List::stream).map(LeaseService.Asked::clientId)).containsExactly(taken);
    assertThat(groups.granted()).isEqualTo(1);
  }

  @Test
  void aStoppedOrNeverStartedGroupThreadLeavesEveryRequestToBeLeasedAlone() {
    LeaseGroups neverStarted = new LeaseGroups(this::leases);
    assertThat(neverStarted.lease(asked(UUID.randomUUID(), "m"))).isEmpty();
    groups = start(this::leases);
    groups.stop();
    assertThat(groups.lease(asked(UUID.randomUUID(), "m"))).isEmpty();
  }

  private LeaseGroups start(Function<List<LeaseService.Asked>, List<LeaseService.GroupAnswer>> grant) {
    LeaseGroups started = new LeaseGroups(grant);
    started.start();
    return started;
  }

  private List<LeaseService.GroupAnswer> leases(List<LeaseService.Asked> group) {
    granted.add(group);
    return group.stream().map(a -> new LeaseService.GroupAnswer(new LeaseService.Lease(UUID.randomUUID(),
        Instant.EPOCH, List.of(), List.of(), null), null)).toList();
  }

  private Future<Optional<LeaseService.Lease>> ask(UUID clientId) {
    return callers.submit(() -> groups.lease(asked(clientId, "m")));
  }

  private static LeaseService.Asked asked(UUID clientId, String model) {
    return new LeaseService.Asked(Caller.client(UUID.randomUUID(), clientId, "tg_test"),
        new LeaseRequest(model, null, null, null, null), null);
  }

  private static Set<UUID> clients(List<LeaseService.Asked> group) {
    return group.stream().map(LeaseService.Asked::clientId).collect(Collectors.toSet());
  }

  /** Waits until {@code n} requests wait in the queue (their threads are scheduled asynchronously). */
  private void awaitQueued(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (groups.queued() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(groups.queued()).isEqualTo(n);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
