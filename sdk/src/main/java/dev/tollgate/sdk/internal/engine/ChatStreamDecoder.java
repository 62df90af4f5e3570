package dev.tollgate.sdk.internal.engine;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.tollgate.sdk.chat.ChatCompletionChunk;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.upstream.SseEvent;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.io.IOException;

/**
 * Decodes chat-completion chunks. When the SDK itself asked for {@code include_usage}, the
 * provider's extra usage chunk (no choices, a usage) is hidden from the caller.
 */
public final class ChatStreamDecoder implements StreamDecoder<ChatCompletionChunk> {

  private static final ObjectReader READER = Json.mapper().readerFor(ChatCompletionChunk.class);

  private final boolean hideUsageChunk;
  private final StringBuilder text = new StringBuilder();
  private UsageEvent.Usage usage;
  private String model;

  /** A decoder; {@code hideUsageChunk} when the caller did not ask for the usage chunk. */
  public ChatStreamDecoder(boolean hideUsageChunk) {
    this.hideUsageChunk = hideUsageChunk;
  }

  @Override
  public ChatCompletionChunk decode(SseEvent event) throws IOException {
    ChatCompletionChunk chunk = READER.readValue(event.data());
    if (model == null) {
      model = chunk.model();
    }
    boolean noChoices = chunk.choices() == null || chunk.choices().isEmpty();
    for (ChatCompletionChunk.Choice c : noChoices ? java.util.List.<ChatCompletionChunk.Choice>of() : chunk.choices()) {
      if (c.delta() != null && c.delta().content() instanceof String s) {
        text.append(s);
      }
    }
    if (chunk.usage() != null) {
      usage = UsageMapper.fromChat(chunk.usage());
      if (hideUsageChunk && noChoices) {
        return null;
      }
    }
    return chunk;
  }

  @Override
  public boolean complete() {
    return false;
  }

  @Override
  public UsageEvent.Usage usage() {
    return usage;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public CharSequence outputText() {
    return text;
  }
}
