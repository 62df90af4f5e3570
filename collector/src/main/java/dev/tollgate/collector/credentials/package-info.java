/**
 * The token endpoint (a feature), {@code POST /v1/auth/token}: client credentials to an access
 * token and an upstream credential lease; failed attempts are counted in PostgreSQL.
 */
package dev.tollgate.collector.credentials;
