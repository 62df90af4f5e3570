package dev.tollgate.sdk.internal.engine;

import dev.tollgate.sdk.internal.upstream.SseEvent;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.io.IOException;

/** Turns the events of one stream into items and keeps what metering needs; one per stream. */
public interface StreamDecoder<T> {

  /** The item for {@code event}, or null to hide the event from the caller. */
  T decode(SseEvent event) throws IOException;

  /** Whether the stream reached its terminal event, so that its end of input is normal. */
  boolean complete();

  /** The usage the provider reported, or null. */
  UsageEvent.Usage usage();

  /** The model the provider named, or null. */
  String model();

  /** The output text seen so far, to estimate completion tokens when no usage arrived. */
  CharSequence outputText();
}
