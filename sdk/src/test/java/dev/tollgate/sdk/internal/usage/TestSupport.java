package dev.tollgate.sdk.internal.usage;

import dev.tollgate.sdk.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Events, a recording sleeper, a token source and a polling await for the shipper's tests. */
final class TestSupport {

  private TestSupport() {}

  static UsageEvent event(int n) {
    return event(n, "/v1/chat/completions");
  }

  static UsageEvent event(int n, String endpoint) {
    return new UsageEvent(UUID.randomUUID(), Instant.parse("2026-11-27T10:15:30.123Z"),
        endpoint, "POST", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 200, 800 + n, 210L, true,
        "lease-1", "trace-" + n, "u-42",
        new UsageEvent.Usage(1200, 1024, 0, 0, 300, 0, 0, false), null,
        Map.of("feature", "summarise"), null);
  }

  /**
   * Polls {@code condition} every 5 ms until it holds or {@code timeout} passes: the only wall
   * clock waiting in these tests, for the background sender thread.
   */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  static void await(String what, BooleanSupplier condition) {
    await(what, Duration.ofSeconds(10), condition);
  }

  /** Records every requested delay and sleeps at most 5 ms of it on the wall clock. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> delays = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      delays.add(duration);
      Thread.sleep(Math.min(5, duration.toMillis()));
    }
  }

  /** Hands out {@code stale} until it is invalidated, then {@code fresh}. */
  static final class Tokens implements AccessTokenSource {
    final List<String> invalidated = new CopyOnWriteArrayList<>();
    private volatile String current;
    private final String next;

    Tokens(String first, String next) {
      this.current = first;
      this.next = next;
    }

    static Tokens fixed() {
      return new Tokens("token-1", "token-2");
    }

    @Override
    public String accessToken() {
      return current;
    }

    @Override
    public void invalidate(String token) {
      invalidated.add(token);
      if (token.equals(current)) {
        current = next;
      }
    }
  }
}
