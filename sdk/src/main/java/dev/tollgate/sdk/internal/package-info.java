/**
 * The SDK's machinery. Nothing under {@code dev.tollgate.sdk.internal} is API: it is public
 * only so the SDK's own packages can share it, and it may change in any release without
 * notice. Applications use {@link dev.tollgate.sdk.Tollgate} and the request, response and
 * exception types of {@code dev.tollgate.sdk} and its feature packages.
 */
package dev.tollgate.sdk.internal;
