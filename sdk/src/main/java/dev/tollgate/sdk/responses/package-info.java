/**
 * The Responses API: the request, the response with its output items and usage, and the
 * named events of a streamed response. Immutable; unknown fields are kept.
 */
package dev.tollgate.sdk.responses;
