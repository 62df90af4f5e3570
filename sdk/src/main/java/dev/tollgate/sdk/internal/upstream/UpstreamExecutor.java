package dev.tollgate.sdk.internal.upstream;

import dev.tollgate.sdk.Sleeper;
import dev.tollgate.sdk.TollgateException;
import dev.tollgate.sdk.UpstreamConnectionException;
import dev.tollgate.sdk.UpstreamException;
import dev.tollgate.sdk.internal.auth.Credentials;
import dev.tollgate.sdk.internal.auth.CredentialsManager;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one upstream request with retries and a circuit breaker per base URL. Credentials
 * are read for every attempt, so a retry uses a refreshed key; a 401 makes the key be
 * refetched once. Returns the first successful answer with its body still open (a stream
 * is read by the caller).
 */
public final class UpstreamExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamExecutor.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final long MAX_ERROR_BODY = 64 * 1024;

  private final OkHttpClient http;
  private final CredentialsManager credentials;
  private final CircuitBreakerRegistry breakers;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;

  /** An executor sending with {@code http}. */
  public UpstreamExecutor(
      OkHttpClient http, CredentialsManager credentials, CircuitBreakerRegistry breakers,
      RetryPolicy policy, Sleeper sleeper, Clock clock) {
    this.http = http;
    this.credentials = credentials;
    this.breakers = breakers;
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * A successful answer.
   *
   * @param response the open response (2xx); the caller closes it
   * @param startNanos when the successful attempt started ({@link System#nanoTime()})
   * @param attempts how many attempts were made, this one included
   */
  public record Success(Response response, long startNanos, int attempts) {}

  /** Sends {@code body} (null for GET) to {@code endpoint}, retrying as the policy says. */
  public Success execute(Endpoint endpoint, byte[] body, AttemptListener listener) {
    RequestBody requestBody = body == null ? null : RequestBody.create(body, JSON);
    boolean keyRefetched = false;
    int attempt = 0;
    int retries = 0;
    while (true) {
      attempt++;
      Credentials creds = credentials.credentials();
      String baseUrl = creds.baseUrl().toString();
      CircuitBreaker breaker = breakers.circuitBreaker(baseUrl);
      if (!breaker.tryAcquirePermission()) {
        throw new UpstreamConnectionException("Circuit breaker open for upstream " + baseUrl, null);
      }
      Request request = new Request.Builder()
          .url(creds.baseUrl().newBuilder().addPathSegments(endpoint.path()).build())
          .header("Authorization", "Bearer " + creds.apiKey())
          .method(endpoint.method(), requestBody)
          .build();
      long start = System.nanoTime();
      Response response;
      try {
        response = http.newCall(request).execute();
      } catch (IOException e) {
        long elapsed = System.nanoTime() - start;
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, e);
        listener.failed(0, elapsed, new ProviderError("connection_error", null, e.getClass().getSimpleName() + ": " + e.getMessage()));
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
          throw new UpstreamConnectionException("Interrupted calling upstream " + baseUrl, e);
        }
        if (retries < policy.maxRetries()) {
          retries++;
          LOG.debug("Upstream {} unreachable ({}), retry {} of {}", baseUrl, e.toString(), retries, policy.maxRetries());
          sleep(policy.backoff(retries));
          continue;
        }
        throw new UpstreamConnectionException(
            "Upstream " + baseUrl + " unreachable after " + attempt + " attempt(s): " + e, e);
      }
      int status = response.code();
      if (response.isSuccessful()) {
        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return new Success(response, start, attempt);
      }
      byte[] errorBody = readErrorBody(response);
      long elapsed = System.nanoTime() - start;
      String requestId = response.header("x-request-id");
      ProviderError error = ProviderError.parse(errorBody);
      UpstreamException failure = error.toException(status, requestId);
      if (status >= 500 || status == 408) {
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
      } else {
        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
      }
      listener.failed(status, elapsed, error);
      if (status == 401 && !keyRefetched) {
        keyRefetched = true;
        LOG.info("Upstream {} answered 401 [request {}]; refetching the upstream lease once", baseUrl, requestId);
        credentials.invalidateUpstreamKey(creds.apiKey());
        continue;
      }
      if (RetryPolicy.retryable(status) && retries < policy.maxRetries()) {
        retries++;
        Duration wait = policy.delay(retries, response.headers(), clock.instant());
        LOG.debug("Upstream {} answered {} [request {}], retry {} of {} in {} ms",
            baseUrl, status, requestId, retries, policy.maxRetries(), wait.toMillis());
        sleep(wait);
        continue;
      }
      throw failure;
    }
  }

  private static byte[] readErrorBody(Response response) {
    try (ResponseBody b = response.body()) {
      BufferedSource source = b.source();
      source.request(MAX_ERROR_BODY);
      long size = Math.min(source.getBuffer().size(), MAX_ERROR_BODY);
      return source.getBuffer().readByteArray(size);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TollgateException("Interrupted while waiting to retry upstream call", e);
    }
  }
}
