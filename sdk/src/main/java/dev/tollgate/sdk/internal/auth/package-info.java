/**
 * Client credentials: the access token and the upstream credential lease, cached and
 * refreshed without stampedes. Internal: not API, may change without notice.
 */
package dev.tollgate.sdk.internal.auth;
