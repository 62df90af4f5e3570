package dev.tollgate.langchain4j;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.tollgate.sdk.TollgateException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import okhttp3.Response;

/**
 * Turns what the governed exchange raised into what LangChain4j's models expect of an
 * {@code HttpClient}.
 *
 * <p>An answer with an error status becomes LangChain4j's {@link HttpException}, which its
 * models map by status as they do for their own clients. Everything else that fails a call has
 * already been through Tollgate's engine, which owns retries: it is raised as a
 * {@link NonRetriableException} so that LangChain4j does not send the call again, whatever
 * {@code maxRetries} says. A refusal keeps the {@link dev.tollgate.sdk.QuotaExceededException}
 * (any {@link TollgateException}) as its cause.
 */
final class Failures {

  private Failures() {}

  static HttpException of(Response response) {
    String body;
    try {
      body = response.body().string();
    } catch (IOException e) {
      body = "Cannot read error response body: " + e.getMessage();
    }
    return new HttpException(response.code(), body);
  }

  static RuntimeException of(Throwable failure) {
    if (failure instanceof HttpException http) {
      return http;
    }
    Optional<TollgateException> tollgate = find(failure, TollgateException.class);
    if (tollgate.isPresent()) {
      return new NonRetriableException(tollgate.get().getMessage(), tollgate.get());
    }
    if (failure instanceof InterruptedIOException) {
      return new NonRetriableException("The governed call timed out or was interrupted: "
          + failure.getMessage(), failure);
    }
    return new NonRetriableException("The governed call failed: " + failure, failure);
  }

  /**
   * The first {@code type} among the failure, its causes and suppressed exceptions: OkHttp
   * delivers an interceptor's unchecked exception on an asynchronous call as the suppressed
   * exception of an {@code IOException("canceled due to ...")}.
   */
  private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> pending = new ArrayDeque<>();
    pending.add(failure);
    while (!pending.isEmpty()) {
      Throwable t = pending.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
      if (t.getCause() != null) {
        pending.add(t.getCause());
      }
      Collections.addAll(pending, t.getSuppressed());
    }
    return Optional.empty();
  }
}
