/**
 * The SDK's Jackson set-up. Internal: not API, may change without notice.
 */
package dev.tollgate.sdk.internal.json;
