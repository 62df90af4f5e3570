package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.engine.EventSource;
import dev.tollgate.sdk.internal.engine.Governor;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** What the endpoint services share: the pipeline, the caller defaults and the async executor. */
final class ClientRuntime {

  final Governor governor;
  private final RequestOptions defaults;
  private final Executor asyncExecutor;
  private volatile boolean closed;

  ClientRuntime(Governor governor, RequestOptions defaults, Executor asyncExecutor) {
    this.governor = governor;
    this.defaults = defaults;
    this.asyncExecutor = asyncExecutor;
  }

  void close() {
    closed = true;
  }

  /** The caller's metadata with the defaults applied; every call passes here, so it also refuses calls after close. */
  CallMetadata metadata(RequestOptions options) {
    if (closed) {
      throw new IllegalStateException("This Tollgate client is closed");
    }
    RequestOptions o = Objects.requireNonNull(options, "options").over(defaults);
    return new CallMetadata(o.traceIdOrNull(), o.endUserOrNull(), o.tags());
  }

  <T> CompletableFuture<T> async(Supplier<T> call) {
    return CompletableFuture.supplyAsync(call, asyncExecutor);
  }

  /** Runs a stream on the async executor, feeding {@code handler}; cancelling the future closes the stream. */
  @SuppressWarnings("try") // the stream is also closed from the cancelling thread, on purpose
  <T> CompletableFuture<Void> asyncStream(Supplier<ResponseStream<T>> open, StreamHandler<T> handler) {
    Objects.requireNonNull(handler, "handler");
    CompletableFuture<Void> future = new CompletableFuture<>();
    try {
      asyncExecutor.execute(() -> {
        try (ResponseStream<T> stream = open.get()) {
          future.whenComplete((v, e) -> {
            if (future.isCancelled()) {
              stream.close();
            }
          });
          for (T item : stream) {
            if (future.isDone()) {
              return;
            }
            handler.onNext(item);
          }
          handler.onComplete();
          future.complete(null);
        } catch (Throwable e) {
          if (!future.isCancelled()) {
            handler.onError(e);
            future.completeExceptionally(e);
          }
        }
      });
    } catch (RuntimeException rejected) {
      future.completeExceptionally(new CompletionException(rejected));
    }
    return future;
  }

  static <T> ResponseStream<T> wrap(EventSource<T> source) {
    return new ResponseStream<>(source);
  }
}
