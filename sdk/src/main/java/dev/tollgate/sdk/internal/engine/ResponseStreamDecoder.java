package dev.tollgate.sdk.internal.engine;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.upstream.SseEvent;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.responses.ResponseStreamEvent;
import java.io.IOException;

/**
 * Decodes the named events of a streamed response; the usage comes with the terminal
 * {@code response.completed} (or {@code .incomplete}, {@code .failed}) event.
 */
public final class ResponseStreamDecoder implements StreamDecoder<ResponseStreamEvent> {

  private static final ObjectReader READER = Json.mapper().readerFor(ResponseStreamEvent.class);

  private final StringBuilder text = new StringBuilder();
  private UsageEvent.Usage usage;
  private String model;
  private boolean complete;

  @Override
  public ResponseStreamEvent decode(SseEvent event) throws IOException {
    ResponseStreamEvent e = READER.<ResponseStreamEvent>readValue(event.data()).withType(event.event());
    if (e.response() != null) {
      if (e.response().model() != null) {
        model = e.response().model();
      }
      if (e.response().usage() != null) {
        usage = UsageMapper.fromResponses(e.response().usage());
      }
    }
    String type = e.type() == null ? "" : e.type();
    switch (type) {
      case "response.output_text.delta" -> {
        if (e.delta() != null) {
          text.append(e.delta());
        }
      }
      case "response.completed", "response.incomplete", "response.failed", "error" -> complete = true;
      default -> {
        // other events carry nothing metering needs
      }
    }
    return e;
  }

  @Override
  public boolean complete() {
    return complete;
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
