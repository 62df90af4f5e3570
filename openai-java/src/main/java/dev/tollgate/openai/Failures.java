package dev.tollgate.openai;

import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import dev.tollgate.sdk.QuotaExceededException;
import dev.tollgate.sdk.TollgateException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What openai-java's caller sees when a governed call fails before an answer: openai-java's own
 * exception types, with Tollgate's exception as the cause.
 *
 * <p>openai-java retries only {@link IOException}, {@link OpenAIIoException} and
 * {@code OpenAIRetryableException}. A refusal, any other Tollgate exception and a timeout are
 * therefore raised as a plain {@link OpenAIException}, which it never retries: the engine has
 * already applied its retry policy (a generation that timed out after it was sent is retried
 * only if {@code TollgateBuilder.retryTimedOutGenerations(true)}). A connection failure the
 * engine gave up on is an {@link OpenAIIoException}, as openai-java's own client raises it.
 */
final class Failures {

  private Failures() {}

  static OpenAIException toOpenAi(Throwable failure) {
    if (failure instanceof GovernedHttpClient.EngineFailure) {
      failure = failure.getCause();
    }
    Optional<TollgateException> tollgate = find(failure, TollgateException.class);
    if (tollgate.isPresent()) {
      TollgateException cause = find(failure, QuotaExceededException.class)
          .<TollgateException>map(q -> q)
          .orElse(tollgate.get());
      return new OpenAIException(cause.getMessage(), cause);
    }
    if (failure instanceof InterruptedIOException) {
      return new OpenAIException("Request timed out (not retried): " + failure.getMessage(), failure);
    }
    if (failure instanceof OpenAIException openAi) {
      return openAi;
    }
    if (failure instanceof IOException) {
      return new OpenAIIoException("Request failed", failure);
    }
    return new OpenAIException(failure.getMessage(), failure);
  }

  /**
   * The first {@code type} among the failure, its causes and their suppressed exceptions. OkHttp
   * reports an exception thrown by an interceptor on an asynchronous call as an
   * {@code IOException("canceled due to ...")} with the original suppressed.
   */
  static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
    return find(failure, type, new IdentityHashMap<>());
  }

  private static <T extends Throwable> Optional<T> find(Throwable t, Class<T> type, Map<Throwable, Boolean> seen) {
    if (t == null || seen.put(t, Boolean.TRUE) != null) {
      return Optional.empty();
    }
    if (type.isInstance(t)) {
      return Optional.of(type.cast(t));
    }
    for (Throwable suppressed : t.getSuppressed()) {
      Optional<T> found = find(suppressed, type, seen);
      if (found.isPresent()) {
        return found;
      }
    }
    return find(t.getCause(), type, seen);
  }
}
