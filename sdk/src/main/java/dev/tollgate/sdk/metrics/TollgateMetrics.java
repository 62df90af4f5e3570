package dev.tollgate.sdk.metrics;

import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Where the SDK reports what it measures: one call to {@link #callEnded} per upstream attempt
 * (the unit Tollgate meters), {@link #callRefused} for a call stopped before it went upstream,
 * and {@link #bind} once at build for the state gauges read. Implementations must be fast and
 * must not throw. {@link MicrometerMetrics} records them as Micrometer meters; the SDK uses it
 * with Micrometer's global registry when Micrometer is on the classpath and the builder was
 * given no other ({@code TollgateBuilder.metrics}).
 */
public interface TollgateMetrics {

  /** The outcome of a call refused by a hard quota (the collector's 402). */
  String REFUSED = "refused";
  /** The outcome of a call refused because the collector was unreachable (fail mode CLOSED, or past the grace period). */
  String UNAVAILABLE = "unavailable";

  /** Records nothing. */
  TollgateMetrics NONE = new TollgateMetrics() {
    @Override
    public void callEnded(CallMeasurement call) {}

    @Override
    public void callRefused(String endpoint, String model, String outcome) {}
  };

  /** One upstream attempt ended, with or without an answer. */
  void callEnded(CallMeasurement call);

  /**
   * A call was refused before it went upstream.
   *
   * @param endpoint the metered endpoint, e.g. {@code /v1/chat/completions}
   * @param outcome {@link #REFUSED} or {@link #UNAVAILABLE}
   */
  void callRefused(String endpoint, String model, String outcome);

  /**
   * Gives the gauges their sources, once when the client is built.
   *
   * @param spooledEvents usage events written to the disk spool since the client started
   * @param quotaRemaining what the client's quota leases have left in a unit ({@code tokens},
   *     {@code requests}, {@code cost}); NaN when no lease grants that unit
   */
  default void bind(LongSupplier spooledEvents, ToDoubleFunction<String> quotaRemaining) {}
}
