package dev.tollgate.spring;

import dev.tollgate.sdk.TollgateBuilder;

/**
 * Adjusts the {@code TollgateBuilder} of the auto-configured {@code Tollgate} bean before it is
 * built (timeouts, spool directory, an OkHttp client), applied in {@code @Order}. The
 * {@code tollgate.*} properties are set first, so a customizer can override them.
 */
@FunctionalInterface
public interface TollgateBuilderCustomizer {

  /** Customizes {@code builder}. */
  void customize(TollgateBuilder builder);
}
