package dev.tollgate.sdk.metrics;

/**
 * One upstream attempt as the SDK measured it.
 *
 * @param endpoint the metered endpoint, e.g. {@code /v1/chat/completions}
 * @param requestModel the model asked for
 * @param responseModel the model the provider answered with, or null
 * @param status the HTTP status, 0 when no answer came
 * @param durationNanos from sending to the end of the answer (or stream)
 * @param inputTokens prompt tokens, or -1 when the answer carried no usage
 * @param outputTokens completion tokens, or -1 when the answer carried no usage
 * @param errorType the provider's error type, or null
 */
public record CallMeasurement(String endpoint, String requestModel, String responseModel, int status,
    long durationNanos, long inputTokens, long outputTokens, String errorType) {

  /** {@code success} (2xx or 3xx), {@code error} (the provider answered 4xx or 5xx) or {@code failed} (no answer). */
  public String outcome() {
    if (status == 0) {
      return "failed";
    }
    return status < 400 && errorType == null ? "success" : "error";
  }
}
