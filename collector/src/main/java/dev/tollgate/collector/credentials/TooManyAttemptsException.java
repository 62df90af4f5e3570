package dev.tollgate.collector.credentials;

import dev.tollgate.collector.common.Problem;
import dev.tollgate.collector.common.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.time.Duration;

/** 429 for a client id or address with too many failed attempts, with {@code Retry-After} in seconds. */
final class TooManyAttemptsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  TooManyAttemptsException(Duration retryAfter) {
    super("Too many failed attempts", null, false, false);
    this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }

  /** Renders the exception as problem+json. */
  static final class Mapper implements ExceptionMapper<TooManyAttemptsException> {
    @Override
    public Response toResponse(TooManyAttemptsException e) {
      Problem problem = new Problem(Problem.TYPE_BASE + "too-many-attempts", "Too Many Requests", 429,
          "Too many failed attempts; retry after " + e.retryAfterSeconds + " seconds", null, null);
      return Response.fromResponse(Problems.response(problem))
          .header("Retry-After", Long.toString(e.retryAfterSeconds)).build();
    }
  }
}
