/**
 * Usage shipping: the bounded in-memory queue, background batch sender and disk spool that
 * carry {@link dev.tollgate.sdk.internal.usage.UsageEvent}s to the collector without ever
 * blocking the caller or losing an accepted event to a collector outage.
 *
 * <p>This package is internal to the SDK and is <b>not</b> public API: its types may change in
 * any release without notice. The client wires a {@link
 * dev.tollgate.sdk.internal.usage.UsageShipper} as its {@link
 * dev.tollgate.sdk.internal.usage.UsageSink}. The design (queue, spool format, replay, bounds and
 * failure cases) is described in {@code docs/sdk-usage-shipping.md}.
 */
package dev.tollgate.sdk.internal.usage;
