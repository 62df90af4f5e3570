package dev.tollgate.sdk;

import dev.tollgate.sdk.metrics.MicrometerMetrics;
import dev.tollgate.sdk.metrics.TollgateMetrics;

/**
 * The metrics of a client built without {@link TollgateBuilder#metrics}: Micrometer's global
 * registry when Micrometer is on the classpath (it records nothing until the application adds a
 * registry to it), else none. Kept apart so that no class the client always loads refers to
 * Micrometer.
 */
final class DefaultMetrics {

  private DefaultMetrics() {}

  static TollgateMetrics detect() {
    try {
      Class.forName("io.micrometer.core.instrument.Metrics", false, DefaultMetrics.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError absent) {
      return TollgateMetrics.NONE;
    }
    return Global.metrics();
  }

  /** Loaded only once Micrometer is known to be there. */
  private static final class Global {
    static TollgateMetrics metrics() {
      return MicrometerMetrics.of(io.micrometer.core.instrument.Metrics.globalRegistry);
    }
  }
}
