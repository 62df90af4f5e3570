package dev.tollgate.sdk.internal.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sdk.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The wire and spool form of usage events: the collector's snake_case JSON, ISO-8601 instants,
 * null fields omitted. One encoded event is the same bytes on the wire and on a spool line.
 */
public final class UsageJson {

  /** The SDK's one mapper: its configuration is exactly the collector's usage JSON. */
  private static final ObjectMapper MAPPER = Json.mapper();

  private UsageJson() {}

  /** The mapper configured for the collector's usage JSON (shared, thread-safe; do not reconfigure). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Encodes one event as UTF-8 JSON without a trailing newline. */
  public static byte[] encode(UsageEvent event) {
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode usage event " + event.id(), e);
    }
  }

  /** Decodes one event; throws {@link IOException} for bytes that are not a whole event. */
  public static UsageEvent decode(byte[] json, int offset, int length) throws IOException {
    return MAPPER.readValue(json, offset, length, UsageEvent.class);
  }
}
