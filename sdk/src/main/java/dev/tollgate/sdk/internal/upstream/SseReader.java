package dev.tollgate.sdk.internal.upstream;

import java.io.IOException;
import okio.BufferedSource;

/**
 * Reads server-sent events as the WHATWG specification defines them: {@code data:} lines
 * of one event are joined with newlines, {@code event:} names the event, lines starting
 * with {@code :} are comments, a blank line dispatches, one space after the colon is
 * dropped, and an event without data is not dispatched.
 */
public final class SseReader {

  private final BufferedSource source;
  private String lastId;

  /** A reader over {@code source}; it does not close it. */
  public SseReader(BufferedSource source) {
    this.source = source;
  }

  /**
   * The next event, or null at the end of the input. An event cut off by the end of the
   * input (no blank line after it) is dropped, as the specification says.
   */
  public SseEvent next() throws IOException {
    String eventName = null;
    StringBuilder data = null;
    while (true) {
      String line = source.readUtf8Line();
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        if (data != null) {
          return new SseEvent(eventName, data.toString(), lastId);
        }
        eventName = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = "";
      if (colon >= 0) {
        int start = colon + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
          start++;
        }
        value = line.substring(start);
      }
      switch (field) {
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value);
          } else {
            data.append('\n').append(value);
          }
        }
        case "event" -> eventName = value;
        case "id" -> lastId = value.indexOf('\0') >= 0 ? lastId : value;
        default -> {
          // "retry" and unknown fields are ignored: the SDK does not reconnect streams.
        }
      }
    }
  }
}
