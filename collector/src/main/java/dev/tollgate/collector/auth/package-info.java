/**
 * Who is calling (platform): bearer admin/finance API keys and client access tokens (JWTs,
 * {@link dev.tollgate.collector.auth.AccessTokens}), roles, secret hashing, and the encryption of
 * provider keys at rest.
 */
package dev.tollgate.collector.auth;
