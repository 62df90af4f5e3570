/**
 * Upstream HTTP: retries, circuit breakers, provider errors and server-sent events.
 * Internal: not API, may change without notice.
 */
package dev.tollgate.sdk.internal.upstream;
