package dev.tollgate.sdk.internal.engine;

import dev.tollgate.sdk.UpstreamConnectionException;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.upstream.Cancellation;
import dev.tollgate.sdk.internal.upstream.GenerationTimedOutException;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/**
 * Governs the calls of any OkHttp client speaking the OpenAI wire format. It answers the call
 * itself, on Tollgate's own transport, instead of passing a request that carries the leased
 * key down the application's chain: no interceptor, network interceptor or event listener of
 * the application ever sees the key. Install it with {@code addInterceptor} (an application
 * interceptor); the interceptors added after it do not run.
 *
 * <p>What the application sees: the provider's answer (errors too, after Tollgate's retries,
 * marked {@code X-Should-Retry: false}); a refusal as the SDK's unchecked exception (e.g.
 * {@link dev.tollgate.sdk.QuotaExceededException}), thrown before anything went upstream; a
 * billed request that timed out after it was sent as an {@link UpstreamConnectionException}
 * (unchecked, so that no host library retries it); any other failure to reach the provider as
 * an {@link IOException}. Cancelling the application's call cancels Tollgate's within 100 ms.
 */
public final class GoverningInterceptor implements Interceptor {

  private final Engine engine;
  private final CallMetadata defaults;

  /** An interceptor governing through {@code engine}, labelling calls with {@code defaults} where they set nothing. */
  public GoverningInterceptor(Engine engine, CallMetadata defaults) {
    this.engine = engine;
    this.defaults = defaults;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (chain.connection() != null) {
      throw new IllegalStateException(
          "Tollgate's interceptor must be added with addInterceptor(), not addNetworkInterceptor()");
    }
    Request app = chain.request();
    CallMetadata meta = MetadataHeaders.read(app.headers()).over(defaults);
    byte[] body = null;
    if (app.body() != null) {
      Buffer buffer = new Buffer();
      app.body().writeTo(buffer);
      body = buffer.readByteArray();
    }
    Cancellation cancellation = new Cancellation();
    Exchange x = new Exchange(app.method(), Operation.of(app.method(), app.url()), app.url(),
        MetadataHeaders.strip(app.headers()), body, app.body() == null ? null : app.body().contentType(), null, meta,
        new Exchange.Timeouts(chain.connectTimeoutMillis(), chain.readTimeoutMillis(), chain.writeTimeoutMillis()),
        cancellation, chain.call());
    Response r;
    try {
      r = engine.execute(x);
    } catch (UpstreamConnectionException e) {
      if (cancellation.isCancelled() || chain.call().isCanceled()) {
        throw new IOException("Canceled", e);
      }
      if (e instanceof GenerationTimedOutException) {
        throw e;
      }
      throw new IOException(e.getMessage(), e);
    }
    Response.Builder answer = r.newBuilder().request(app).networkResponse(null).priorResponse(null).cacheResponse(null);
    if (!r.isSuccessful()) {
      answer.header("X-Should-Retry", "false");
    }
    return answer.build();
  }
}
