/**
 * Meters of the SDK: the {@link dev.tollgate.sdk.metrics.TollgateMetrics} sink the client reports
 * calls, refusals and its state to, and {@link dev.tollgate.sdk.metrics.MicrometerMetrics}, which
 * records them as Micrometer meters ({@code tollgate.calls}, {@code tollgate.usage.spooled},
 * {@code tollgate.quota.remaining} and the OpenTelemetry GenAI client meters). Micrometer is an
 * optional dependency: without it on the classpath the client records nothing.
 */
package dev.tollgate.sdk.metrics;
