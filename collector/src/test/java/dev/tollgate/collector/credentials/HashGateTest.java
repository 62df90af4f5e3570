package dev.tollgate.collector.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 15, defect 6: secret verification has bounded concurrency, and a suspect attempt never jumps the queue. */
class HashGateTest {

  @Test
  void aSuspectAttemptIsRefusedWhileEveryPermitIsBusyAndOthersWaitTheirTurn() throws Exception {
    HashGate gate = new HashGate(1, Duration.ofMinutes(1));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Boolean> busy = CompletableFuture.supplyAsync(() -> gate.verify(false, () -> {
      inside.countDown();
      await(release);
      return true;
    }));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> gate.verify(true, () -> true)).isInstanceOf(TooManyAttemptsException.class);
    CompletableFuture<Boolean> queued = CompletableFuture.supplyAsync(() -> gate.verify(false, () -> true));
    assertThat(queued).isNotDone();

    release.countDown();
    assertThat(busy.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(queued.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(gate.verify(true, () -> true)).as("free again").isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
