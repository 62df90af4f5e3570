package dev.tollgate.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.sdk.chat.ChatCompletionChunk;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a call or a stream aborts its HTTP exchange, so the provider stops generating, and
 * meters the call with estimated usage (issue 11: {@code streamAsync(...).cancel(true)} left the
 * HTTP stream running, so the provider billed the whole answer while an estimate was recorded).
 */
class CancellationTest extends SdkTestBase {

  @Test
  void cancellingAStreamAsyncAbortsTheHttpStream() throws Exception {
    try (SlowUpstream slow = SlowUpstream.streaming()) {
      stubUpstream(slow.baseUrl());
      client();
      CountDownLatch firstChunk = new CountDownLatch(1);

      CompletableFuture<Void> future = tollgate.chat().streamAsync(chatRequest(), chunk -> firstChunk.countDown());
      assertThat(firstChunk.await(30, TimeUnit.SECONDS)).isTrue();
      future.cancel(true);

      assertThat(slow.awaitAbort(1000)).as("the upstream saw the connection closed within a second").isTrue();
      assertThat(sink.awaitEvents(1)).isTrue();
      UsageEvent e = sink.only();
      assertThat(e.usage().estimated()).isTrue();
      assertThat(e.usage().completionTokens()).isPositive();
      assertThat(e.streamed()).isTrue();
    }
  }

  @Test
  void cancellingAStreamAsyncStillWaitingForItsAnswerAbortsTheCall() throws Exception {
    try (SlowUpstream slow = SlowUpstream.delayed(10_000)) {
      stubUpstream(slow.baseUrl());
      client();

      CompletableFuture<Void> future = tollgate.chat().streamAsync(chatRequest(), chunk -> { });
      assertThat(slow.awaitRequest()).isTrue();
      future.cancel(true);

      assertThat(slow.awaitAbort(1000)).isTrue();
      assertThat(sink.awaitEvents(1)).isTrue();
      UsageEvent e = sink.only();
      assertThat(e.statusCode()).isZero();
      assertThat(e.error().type()).isEqualTo("cancelled");
      assertThat(e.usage().estimated()).as("the provider may have started: the call is estimated").isTrue();
      assertThat(slow.requests()).as("a cancelled call is not retried").isEqualTo(1);
    }
  }

  @Test
  void cancellingACreateAsyncAbortsTheCallAndMetersItEstimated() throws Exception {
    try (SlowUpstream slow = SlowUpstream.delayed(10_000)) {
      stubUpstream(slow.baseUrl());
      client();

      CompletableFuture<?> future = tollgate.chat().createAsync(chatRequest());
      assertThat(slow.awaitRequest()).isTrue();
      future.cancel(true);

      assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
      assertThat(slow.awaitAbort(1000)).isTrue();
      assertThat(sink.awaitEvents(1)).isTrue();
      UsageEvent e = sink.only();
      assertThat(e.usage().estimated()).isTrue();
      assertThat(e.usage().promptTokens()).isPositive();
      assertThat(e.usage().completionTokens()).as("the output limit, 300").isEqualTo(300);
    }
  }

  @Test
  void closingAStreamEarlyClosesTheConnectionAtOnce() throws Exception {
    try (SlowUpstream slow = SlowUpstream.streaming()) {
      stubUpstream(slow.baseUrl());
      client();

      try (ResponseStream<ChatCompletionChunk> s = tollgate.chat().stream(chatRequest())) {
        Iterator<ChatCompletionChunk> it = s.iterator();
        it.next();
        it.next();
      }

      assertThat(slow.awaitAbort(1000)).isTrue();
      assertThat(sink.only().usage().estimated()).isTrue();
      // what the engine had read from the provider: the two chunks read, and maybe one buffered
      assertThat(sink.only().usage().completionTokens()).isBetween(2L, 3L);
    }
  }
}
