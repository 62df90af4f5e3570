package dev.tollgate.sdk.internal.usage;

import java.util.Objects;
import java.util.UUID;

/** A usage event already encoded as its JSON bytes, with its id kept for logs. */
record EncodedEvent(UUID id, byte[] json) {

  EncodedEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(json, "json");
  }

  static EncodedEvent of(UsageEvent event) {
    return new EncodedEvent(event.id(), UsageJson.encode(event));
  }
}
