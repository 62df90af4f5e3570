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
 * exception types, with the original as the cause.
 *
 * <p>openai-java retries only {@link IOException}, {@link OpenAIIoException} and
 * {@code OpenAIRetryableException}. What must not be retried is raised as a plain
 * {@link OpenAIException}: a refusal (cause {@link QuotaExceededException}), any unchecked
 * exception of the engine (a {@link TollgateException} such as a generation that timed out after
 * it was sent, which the engine raises unchecked for this reason) and a timeout. A provider the
 * engine could not reach after its own retries is an {@link OpenAIIoException}, as openai-java's
 * own client raises it; openai-java's {@code maxRetries} is 0, so it does not retry that either
 * unless an application raises it.
 */
final class Failures {

  private Failures() {}

  static OpenAIException toOpenAi(Throwable failure) {
    Optional<QuotaExceededException> refusal = find(failure, QuotaExceededException.class);
    if (refusal.isPresent()) {
      return new OpenAIException(refusal.get().getMessage(), refusal.get());
    }
    if (failure instanceof GovernedHttpClient.EngineFailure) {
      Throwable engine = failure.getCause();
      return new OpenAIException(engine.getMessage(), engine);
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
