package dev.tollgate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.sdk.chat.ChatCompletion;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Tollgate#close()} waits for the calls in flight (bounded) and records their usage before
 * the usage sink closes (issue 11: close() with calls in flight returned at once and their events
 * were dropped, "offered after the shipper was closed").
 */
class CloseTest extends SdkTestBase {

  @Test
  void closeWaitsForCallsInFlightAndRecordsTheirUsage() throws Exception {
    try (SlowUpstream slow = SlowUpstream.delayed(1500)) {
      stubUpstream(slow.baseUrl());
      client();
      CompletableFuture<ChatCompletion> call = CompletableFuture.supplyAsync(() -> tollgate.chat().create(chatRequest()));
      assertThat(slow.awaitRequest()).isTrue();

      tollgate.close();

      assertThat(call.get(10, TimeUnit.SECONDS).usage().promptTokens()).isEqualTo(1200);
      assertThat(sink.afterClose).as("no event came after the sink closed").isEmpty();
      assertThat(sink.only().usage().promptTokens()).isEqualTo(1200);
      assertThat(sink.closed).isTrue();
    }
  }

  @Test
  void closeCancelsWhatStillRunsAfterItsTimeoutAndMetersIt() throws Exception {
    try (SlowUpstream slow = SlowUpstream.delayed(30_000)) {
      stubUpstream(slow.baseUrl());
      client(b -> b.closeTimeout(Duration.ofMillis(300)));
      CompletableFuture<ChatCompletion> call = CompletableFuture.supplyAsync(() -> tollgate.chat().create(chatRequest()));
      assertThat(slow.awaitRequest()).isTrue();

      tollgate.close();

      assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(UpstreamConnectionException.class);
      assertThat(slow.awaitAbort(1000)).isTrue();
      assertThat(sink.afterClose).isEmpty();
      assertThat(sink.only().error().type()).isEqualTo("cancelled");
      assertThat(sink.only().usage().estimated()).isTrue();
    }
  }

  @Test
  void callsAfterCloseAreRefused() {
    client();
    tollgate.close();

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest())).isInstanceOf(IllegalStateException.class);
    assertThat(collectorCount("/v1/auth/token")).isZero();
  }
}
