/** Moderations: the request and the response. Immutable; unknown fields are kept. */
package dev.tollgate.sdk.moderations;
