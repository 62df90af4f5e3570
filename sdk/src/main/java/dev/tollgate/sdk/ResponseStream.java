package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.engine.EventSource;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The items of a streamed call (chat-completion chunks, Responses API events), read as
 * they arrive. Iterate it once, or use {@link #stream()}; always close it (try-with-resources):
 * closing early releases the connection, and the call is metered with estimated usage.
 * A stream that breaks off throws {@link UpstreamConnectionException} from the iterator.
 *
 * <pre>{@code
 * try (ResponseStream<ChatCompletionChunk> chunks = tollgate.chat().stream(request)) {
 *   for (ChatCompletionChunk chunk : chunks) { ... }
 * }
 * }</pre>
 *
 * <p>Not thread-safe for reading; {@link #close()} may be called from any thread.
 *
 * @param <T> the item type
 */
public final class ResponseStream<T> implements Iterable<T>, AutoCloseable {

  private final EventSource<T> source;
  private boolean iterated;

  ResponseStream(EventSource<T> source) {
    this.source = source;
  }

  /** The items, once; a second call throws {@link IllegalStateException}. */
  @Override
  public Iterator<T> iterator() {
    if (iterated) {
      throw new IllegalStateException("A ResponseStream can be iterated only once");
    }
    iterated = true;
    return new Iterator<>() {
      private T next;
      private boolean end;

      @Override
      public boolean hasNext() {
        if (next == null && !end) {
          next = source.next();
          end = next == null;
        }
        return next != null;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        T item = next;
        next = null;
        return item;
      }
    };
  }

  /** The items as a sequential {@link Stream}; closing the {@code Stream} closes this. */
  public Stream<T> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(this::close);
  }

  /** Stops reading and releases the connection; idempotent. */
  @Override
  public void close() {
    source.close();
  }
}
