package dev.tollgate.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sdk.internal.engine.Engine;
import dev.tollgate.sdk.internal.engine.EventSource;
import dev.tollgate.sdk.internal.engine.Exchange;
import dev.tollgate.sdk.internal.engine.Operation;
import dev.tollgate.sdk.internal.engine.RequestShape;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.upstream.Cancellation;
import dev.tollgate.sdk.internal.upstream.ProviderError;
import dev.tollgate.sdk.internal.upstream.SseEvent;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import okhttp3.Response;

/**
 * What the typed endpoint services share: requests become exchanges for the {@link Engine}
 * (the same one the OkHttp interceptor uses), answers become the typed records or exceptions,
 * and the asynchronous forms run on the client's executor with cancellation that reaches the
 * HTTP exchange.
 */
final class ClientRuntime {

  private final Engine engine;
  private final CallMetadata defaults;
  private final Executor asyncExecutor;
  private final ObjectMapper mapper = Json.mapper();

  ClientRuntime(Engine engine, CallMetadata defaults, Executor asyncExecutor) {
    this.engine = engine;
    this.defaults = defaults;
    this.asyncExecutor = asyncExecutor;
  }

  Engine engine() {
    return engine;
  }

  /** The caller's metadata with the defaults applied, checked against the collector's bounds. */
  CallMetadata metadata(RequestOptions options) {
    return Objects.requireNonNull(options, "options").toMetadata().over(defaults);
  }

  /** A governed call with a JSON answer of {@code type}; {@code request} is null for a GET. */
  <T> T call(Operation op, Object request, RequestShape shape, CallMetadata meta, Class<T> type, Cancellation c) {
    try (Response r = engine.execute(exchange(op, request, shape, meta, c))) {
      byte[] body = r.body().bytes();
      if (!r.isSuccessful()) {
        throw ProviderError.parse(body).toException(r.code(), r.header("x-request-id"));
      }
      return mapper.readValue(body, type);
    } catch (IOException e) {
      throw new UpstreamConnectionException("Upstream answer could not be read: " + e.getMessage(), e);
    }
  }

  /** A governed streamed call; each event becomes an item with {@code decode} (null skips it). */
  <T> ResponseStream<T> stream(
      Operation op, Object request, RequestShape shape, CallMetadata meta, Cancellation c,
      SseItems.Decoder<T> decode) {
    Response r = engine.execute(exchange(op, request, shape, meta, c));
    if (!r.isSuccessful()) {
      try (r) {
        throw ProviderError.parse(r.body().bytes()).toException(r.code(), r.header("x-request-id"));
      } catch (IOException e) {
        throw new UpstreamConnectionException("Upstream error answer could not be read: " + e.getMessage(), e);
      }
    }
    return new ResponseStream<>(new SseItems<>(r, decode));
  }

  private Exchange exchange(Operation op, Object request, RequestShape shape, CallMetadata meta, Cancellation c) {
    byte[] body = request == null ? null : toJson(request);
    return new Exchange(request == null ? "GET" : "POST", op, null, null, body, null, shape, meta, null, c, null);
  }

  private byte[] toJson(Object request) {
    try {
      return mapper.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new IllegalArgumentException("Request cannot be serialised: " + e.getMessage(), e);
    }
  }

  /** Runs {@code call} on the async executor; cancelling the future cancels the HTTP exchange. */
  <T> CompletableFuture<T> async(Function<Cancellation, T> call) {
    Cancellation cancellation = new Cancellation();
    CompletableFuture<T> future = new CompletableFuture<>();
    future.whenComplete((v, e) -> {
      if (future.isCancelled()) {
        cancellation.cancel();
      }
    });
    try {
      asyncExecutor.execute(() -> {
        try {
          future.complete(call.apply(cancellation));
        } catch (Throwable e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RuntimeException rejected) {
      future.completeExceptionally(new CompletionException(rejected));
    }
    return future;
  }

  /**
   * Runs a stream on the async executor, feeding {@code handler}; cancelling the future cancels
   * the HTTP exchange, whether the stream is still being opened or already being read.
   */
  <T> CompletableFuture<Void> asyncStream(Function<Cancellation, ResponseStream<T>> open, StreamHandler<T> handler) {
    Objects.requireNonNull(handler, "handler");
    return async(cancellation -> {
      try (ResponseStream<T> stream = open.apply(cancellation)) {
        for (T item : stream) {
          if (cancellation.isCancelled()) {
            return null;
          }
          handler.onNext(item);
        }
        handler.onComplete();
        return null;
      } catch (RuntimeException e) {
        if (!cancellation.isCancelled()) {
          handler.onError(e);
        }
        throw e;
      }
    });
  }

  /** The items of a streamed answer, decoded from its (metered) server-sent events. */
  static final class SseItems<T> implements EventSource<T> {

    /** Decodes one event; null skips it. */
    @FunctionalInterface
    interface Decoder<T> {
      T decode(SseEvent event) throws IOException;
    }

    private final Response response;
    private final dev.tollgate.sdk.internal.upstream.SseReader reader;
    private final Decoder<T> decoder;
    private volatile boolean closed;

    SseItems(Response response, Decoder<T> decoder) {
      this.response = response;
      this.reader = new dev.tollgate.sdk.internal.upstream.SseReader(response.body().source());
      this.decoder = decoder;
    }

    @Override
    public T next() {
      try {
        while (true) {
          SseEvent event = reader.next();
          if (event == null || event.isDone()) {
            return null;
          }
          T item = decoder.decode(event);
          if (item != null) {
            return item;
          }
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new TollgateException("Upstream sent an unreadable stream event: " + e.getOriginalMessage(), e);
      } catch (IOException e) {
        if (closed) {
          return null;
        }
        throw new UpstreamConnectionException("Upstream stream broke off: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      closed = true;
      response.close();
    }
  }
}
