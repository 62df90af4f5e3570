package dev.tollgate.sdk.internal.metering;

import dev.tollgate.sdk.internal.upstream.ProviderError;
import dev.tollgate.sdk.internal.usage.UsageEvent;

/**
 * How one upstream attempt ended: the part of a usage event that differs between attempts.
 *
 * @param status the HTTP status, 0 when no answer came
 * @param latencyNanos the attempt's duration, to the end of the body or stream
 * @param ttftNanos time to the first streamed token, or -1
 * @param model the model the answer named, or null
 * @param serviceTier the {@code service_tier} the answer reported, or null
 * @param usage the usage (reported, or estimated and marked so), or null
 * @param error the provider's error (or a connection error), or null for a success
 */
public record Attempt(
    int status, long latencyNanos, long ttftNanos, String model, String serviceTier, UsageEvent.Usage usage,
    ProviderError error) {

  /** An attempt that failed without usage: an error answer or no answer at all. */
  public static Attempt failed(int status, long latencyNanos, ProviderError error) {
    return new Attempt(status, latencyNanos, -1, null, null, null, error);
  }

  /** An attempt that failed after the provider may have done the work, metered with {@code estimated} usage. */
  public static Attempt failed(int status, long latencyNanos, ProviderError error, UsageEvent.Usage estimated) {
    return new Attempt(status, latencyNanos, -1, null, null, estimated, error);
  }

  /** An answered attempt. */
  public static Attempt answered(int status, long latencyNanos, String model, String serviceTier, UsageEvent.Usage usage) {
    return new Attempt(status, latencyNanos, -1, model, serviceTier, usage, null);
  }
}
