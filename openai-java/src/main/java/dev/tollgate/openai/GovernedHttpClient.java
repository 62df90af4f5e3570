package dev.tollgate.openai;

import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * openai-java's HTTP client, backed by an OkHttp client whose only interceptor is Tollgate's
 * engine. The engine answers every call itself on Tollgate's transport (leased key and base URL,
 * admission, metering, retries), so this OkHttp client never opens a connection: it only carries
 * the call, its timeouts and its cancellation, and runs asynchronous calls on its dispatcher.
 */
final class GovernedHttpClient implements HttpClient {

  private final OkHttpClient okHttp;
  private final Timeout timeout;
  private final AsyncCancellation cancellation;

  /**
   * @param engine Tollgate's interceptor, which answers each call
   * @param timeout the timeouts openai-java applies by default, so that calls carrying them need
   *     no client of their own
   * @param cancellation where an asynchronous call finds the future that may cancel it
   */
  GovernedHttpClient(Interceptor engine, Timeout timeout, AsyncCancellation cancellation) {
    this.timeout = timeout;
    this.cancellation = cancellation;
    this.okHttp = withTimeout(new OkHttpClient.Builder(), timeout)
        .addInterceptor(chain -> {
          try {
            return engine.intercept(chain);
          } catch (RuntimeException e) {
            // OkHttp would rethrow it on its dispatcher thread after failing an async call.
            throw new EngineFailure(e);
          }
        })
        // The engine owns retries.
        .retryOnConnectionFailure(false)
        .build();
    // Every call goes to the same placeholder host: let as many run at once as OkHttp allows.
    okHttp.dispatcher().setMaxRequestsPerHost(okHttp.dispatcher().getMaxRequests());
  }

  @Override
  public HttpResponse execute(HttpRequest request) {
    return execute(request, RequestOptions.none());
  }

  @Override
  public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
    Call call = newCall(request, requestOptions);
    try {
      return OkHttpExchange.response(call.execute());
    } catch (IOException | RuntimeException e) {
      throw Failures.toOpenAi(e);
    } finally {
      closeBody(request);
    }
  }

  @Override
  public CompletableFuture<HttpResponse> executeAsync(HttpRequest request) {
    return executeAsync(request, RequestOptions.none());
  }

  @Override
  public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
    CompletableFuture<HttpResponse> future = new CompletableFuture<>();
    Call call = newCall(request, requestOptions);
    AsyncCancellation.InFlight cancellable = cancellation.find(authorization(request));
    if (cancellable != null) {
      cancellable.attach(call);
    }
    call.enqueue(new Callback() {
      @Override
      public void onResponse(Call c, Response response) {
        if (!future.complete(OkHttpExchange.response(response))) {
          response.close();
        }
      }

      @Override
      public void onFailure(Call c, IOException e) {
        future.completeExceptionally(Failures.toOpenAi(e));
      }
    });
    future.whenComplete((response, e) -> {
      if (e instanceof CancellationException) {
        call.cancel();
      }
      closeBody(request);
    });
    return future;
  }

  /** Stops the dispatcher's threads; Tollgate itself stays open (the application closes it). */
  @Override
  public void close() {
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
  }

  private static String authorization(HttpRequest request) {
    return request.headers().values("Authorization").stream().findFirst().orElse(null);
  }

  private Call newCall(HttpRequest request, RequestOptions requestOptions) {
    Timeout wanted = requestOptions.getTimeout();
    OkHttpClient client = wanted == null || wanted == timeout || sameTimeouts(wanted, timeout)
        ? okHttp
        : withTimeout(okHttp.newBuilder(), wanted).build();
    return client.newCall(OkHttpExchange.request(request));
  }

  private static boolean sameTimeouts(Timeout a, Timeout b) {
    return a.connect().equals(b.connect()) && a.read().equals(b.read())
        && a.write().equals(b.write()) && a.request().equals(b.request());
  }

  private static OkHttpClient.Builder withTimeout(OkHttpClient.Builder builder, Timeout timeout) {
    return builder
        .connectTimeout(timeout.connect().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(timeout.read().toMillis(), TimeUnit.MILLISECONDS)
        .writeTimeout(timeout.write().toMillis(), TimeUnit.MILLISECONDS)
        .callTimeout(timeout.request().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Carries an unchecked exception of the engine through OkHttp, which expects IOExceptions. */
  static final class EngineFailure extends IOException {
    private static final long serialVersionUID = 1L;

    EngineFailure(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static void closeBody(HttpRequest request) {
    if (request.body() != null) {
      request.body().close();
    }
  }
}
