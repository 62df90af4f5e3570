package dev.tollgate.sdk.internal.upstream;

import dev.tollgate.sdk.UpstreamConnectionException;

/**
 * A billed request (a generation, an embedding) timed out after it was sent, and was not
 * retried: the provider may have done, and billed, the work. Unchecked on purpose, so that no
 * host library retries it as it would an {@link java.io.IOException}. Not API: callers catch
 * {@link UpstreamConnectionException}.
 */
public final class GenerationTimedOutException extends UpstreamConnectionException {

  private static final long serialVersionUID = 1L;

  /** The exception for a request to {@code baseUrl} that timed out with {@code cause}. */
  public GenerationTimedOutException(String baseUrl, Throwable cause) {
    super("Upstream " + baseUrl + " did not answer in time; not retried, since the provider may have done "
        + "(and billed) the work: " + cause, cause);
  }
}
