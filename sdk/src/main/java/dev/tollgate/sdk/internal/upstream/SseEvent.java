package dev.tollgate.sdk.internal.upstream;

/**
 * One dispatched server-sent event.
 *
 * @param event the {@code event:} name, or null for the default ({@code message})
 * @param data the {@code data:} lines joined with {@code \n}
 * @param id the last {@code id:} seen, or null
 */
public record SseEvent(String event, String data, String id) {

  /** Whether this is OpenAI's end-of-stream sentinel {@code data: [DONE]}. */
  public boolean isDone() {
    return "[DONE]".equals(data);
  }
}
