/**
 * Local quota admission against leases from the collector. Internal: not API, may change
 * without notice.
 */
package dev.tollgate.sdk.internal.quota;
