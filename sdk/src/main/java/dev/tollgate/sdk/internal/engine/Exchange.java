package dev.tollgate.sdk.internal.engine;

import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.upstream.Cancellation;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;

/**
 * One request to govern, as the application's client made it, without any credential: the
 * engine adds the leased key and the provider's base URL.
 *
 * @param method the HTTP method
 * @param op the operation
 * @param query the application's query parameters (a URL whose query is copied), or null
 * @param headers headers to send on (never {@code Authorization}, {@code api-key} or {@code Tollgate-*})
 * @param body the request body, or null
 * @param contentType the body's content type, or null
 * @param shape the request's shape, or null to read it from the body
 * @param meta the caller's metadata, checked
 * @param timeouts per-call timeouts, or null for the client's
 * @param cancellation cancels the exchange from another thread
 * @param outer the application's OkHttp call this exchange answers, or null
 */
public record Exchange(
    String method, Operation op, HttpUrl query, Headers headers, byte[] body, MediaType contentType,
    RequestShape shape, CallMetadata meta, Timeouts timeouts, Cancellation cancellation, Call outer) {

  /**
   * Connect, read and write timeouts in milliseconds.
   *
   * @param connectMillis the connect timeout
   * @param readMillis the read timeout
   * @param writeMillis the write timeout
   */
  public record Timeouts(int connectMillis, int readMillis, int writeMillis) {}
}
