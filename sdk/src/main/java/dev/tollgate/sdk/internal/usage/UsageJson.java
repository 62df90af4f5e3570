package dev.tollgate.sdk.internal.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The wire and spool form of usage events: the collector's snake_case JSON, ISO-8601 instants,
 * null fields omitted. One encoded event is the same bytes on the wire and on a spool line.
 */
public final class UsageJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
