/**
 * Metering: usage mapping and one usage event per upstream attempt. Internal: not API,
 * may change without notice.
 */
package dev.tollgate.sdk.internal.metering;
