package dev.tollgate.sdk.internal.upstream;

import dev.tollgate.sdk.Sleeper;
import dev.tollgate.sdk.TollgateException;
import dev.tollgate.sdk.UpstreamConnectionException;
import dev.tollgate.sdk.internal.auth.Credentials;
import dev.tollgate.sdk.internal.auth.CredentialsManager;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one upstream request with retries and a circuit breaker per base URL: the one place
 * where upstream calls are retried. Credentials are read for every attempt, so a retry uses a
 * refreshed key; a 401 makes the key be refetched once. A billed request that timed out after
 * it was sent is not retried unless the policy allows it. Returns the final answer, a success
 * with its body still open (a stream is read by the caller) or an error with its body read.
 */
public final class UpstreamExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamExecutor.class);
  private static final long MAX_ERROR_BODY = 64 * 1024;

  private final CredentialsManager credentials;
  private final CircuitBreakerRegistry breakers;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;

  /** An executor with the given retry policy. */
  public UpstreamExecutor(
      CredentialsManager credentials, CircuitBreakerRegistry breakers, RetryPolicy policy, Sleeper sleeper,
      Clock clock) {
    this.credentials = credentials;
    this.breakers = breakers;
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * The final answer.
   *
   * @param response the response: a success with its body open (the caller closes it), or an
   *     error whose body was read (and is readable again)
   * @param startNanos when the last attempt started ({@link System#nanoTime()})
   * @param attempts how many attempts were made, this one included
   * @param error the provider's error for an error answer, null for a success
   */
  public record Outcome(Response response, long startNanos, int attempts, ProviderError error) {}

  /**
   * Sends the request {@code requests} makes from the current credentials, retrying as the policy
   * says; throws {@link UpstreamConnectionException} when no answer came.
   *
   * @param billed whether the provider bills the request by its tokens
   */
  public Outcome execute(
      OkHttpClient http, Function<Credentials, Request> requests, boolean billed, Cancellation cancellation,
      AttemptListener listener) {
    boolean keyRefetched = false;
    int attempt = 0;
    int retries = 0;
    while (true) {
      attempt++;
      if (cancellation.isCancelled()) {
        throw new UpstreamConnectionException("The call was cancelled", null);
      }
      Credentials creds = credentials.credentials();
      String baseUrl = creds.baseUrl().toString();
      CircuitBreaker breaker = breakers.circuitBreaker(baseUrl);
      if (!breaker.tryAcquirePermission()) {
        throw new UpstreamConnectionException("Circuit breaker open for upstream " + baseUrl, null);
      }
      Request request = requests.apply(creds);
      Call call = http.newCall(request);
      cancellation.attach(call);
      long start = System.nanoTime();
      Response response;
      try {
        response = call.execute();
      } catch (IOException e) {
        long elapsed = System.nanoTime() - start;
        Transport.Sent sent = request.tag(Transport.Sent.class);
        boolean wasSent = sent != null && sent.sent();
        if (cancellation.isCancelled()) {
          breaker.releasePermission();
          listener.failed(0, elapsed, new ProviderError("cancelled", null, "the call was cancelled"), wasSent);
          throw new UpstreamConnectionException("The call was cancelled", e);
        }
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, e);
        boolean timedOut = wasSent && e instanceof InterruptedIOException;
        listener.failed(0, elapsed, timedOut
            ? new ProviderError("timeout", null, "no answer within the read timeout: " + e.getMessage())
            : new ProviderError("connection_error", null, e.getClass().getSimpleName() + ": " + e.getMessage()),
            timedOut);
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
          throw new UpstreamConnectionException("Interrupted calling upstream " + baseUrl, e);
        }
        if (timedOut && billed && !policy.retryTimedOutGenerations()) {
          throw new GenerationTimedOutException(baseUrl, e);
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
        return new Outcome(response, start, attempt, null);
      }
      byte[] errorBody = readErrorBody(response);
      long elapsed = System.nanoTime() - start;
      String requestId = response.header("x-request-id");
      ProviderError error = ProviderError.parse(errorBody);
      if (status >= 500 || status == 408) {
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, new IOException("HTTP " + status));
      } else {
        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
      }
      listener.failed(status, elapsed, error, false);
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
      ResponseBody body = ResponseBody.create(errorBody, response.body().contentType());
      return new Outcome(response.newBuilder().body(body).build(), start, attempt, error);
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
