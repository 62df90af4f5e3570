package dev.tollgate.sdk.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.sdk.internal.upstream.ProviderError;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import org.junit.jupiter.api.Test;

/** The metering of the stream fixtures, as the application reads them through the engine. */
class MeteredSseTest {

  private record End(StreamMeter meter, ProviderError error) {}

  private final List<End> ends = new ArrayList<>();
  private boolean cancelled;

  private BufferedSource metered(String fixture, Operation.Kind kind, boolean hideUsageChunk) throws IOException {
    String sse = Files.readString(Path.of(System.getProperty("tollgate.fixtures", "../fixtures/openai"), fixture));
    return Okio.buffer(new MeteredSse(new Buffer().writeUtf8(sse), () -> cancelled = true,
        StreamMeter.of(kind, hideUsageChunk), (meter, first, error) -> ends.add(new End(meter, error))));
  }

  @Test
  void theUsageChunkTheEngineAskedForIsMeteredAndHidden() throws IOException {
    String seen = metered("chat-completion-stream.sse", Operation.Kind.CHAT, true).readUtf8();

    assertThat(seen).doesNotContain("\"usage\":{").endsWith("data: [DONE]\n\n");
    assertThat(ends).singleElement().satisfies(e -> {
      assertThat(e.error()).isNull();
      assertThat(e.meter().usage()).isEqualTo(new UsageEvent.Usage(19, 0, 0, 0, 7, 0, 0, false));
      assertThat(e.meter().outputText()).isEqualTo("Hello! How can I help?");
      assertThat(e.meter().model()).startsWith("gpt-4o-mini");
    });
  }

  @Test
  void theUsageChunkTheCallerAskedForIsPassedOn() throws IOException {
    assertThat(metered("chat-completion-stream.sse", Operation.Kind.CHAT, false).readUtf8()).contains("\"prompt_tokens\":19");
  }

  @Test
  void aStreamWithoutUsageLeavesItToTheEstimate() throws IOException {
    metered("chat-completion-stream-no-usage.sse", Operation.Kind.CHAT, true).readUtf8();

    assertThat(ends).singleElement().satisfies(e -> {
      assertThat(e.meter().usage()).isNull();
      assertThat(e.meter().outputText()).isNotEmpty();
    });
  }

  @Test
  void aStreamEndingBeforeItsTerminalEventIsAnErrorAndMeteredOnce() throws IOException {
    BufferedSource s = metered("chat-completion-stream-broken.sse", Operation.Kind.CHAT, true);

    assertThatThrownBy(s::readUtf8).isInstanceOf(IOException.class).hasMessageContaining("terminal event");
    s.close();
    assertThat(ends).singleElement().satisfies(e -> assertThat(e.error().type()).isEqualTo("stream_broken"));
    assertThat(cancelled).as("nothing left to cancel: the stream had ended").isFalse();
  }

  @Test
  void closingEarlyMetersOnceAndCancelsTheUpstreamCall() throws IOException {
    BufferedSource s = metered("chat-completion-stream.sse", Operation.Kind.CHAT, true);
    s.readUtf8Line();

    s.close();

    assertThat(ends).singleElement().satisfies(e -> assertThat(e.error()).isNull());
    assertThat(cancelled).isTrue();
  }

  @Test
  void responsesTakeTheirUsageFromTheCompletedEvent() throws IOException {
    String seen = metered("responses-stream.sse", Operation.Kind.RESPONSES, false).readUtf8();

    assertThat(seen).contains("event: response.completed");
    assertThat(ends).singleElement().satisfies(e -> {
      assertThat(e.error()).isNull();
      assertThat(e.meter().usage()).isEqualTo(new UsageEvent.Usage(37, 0, 0, 0, 11, 0, 0, false));
      assertThat(e.meter().model()).isEqualTo("gpt-4.1-mini-2025-04-14");
      assertThat(e.meter().outputText()).isEqualTo("Hello from the Responses API.");
    });
  }
}
