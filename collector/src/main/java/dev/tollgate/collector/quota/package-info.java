/**
 * Quotas (a domain package): leases (reserve, settle, expire), quota periods and counters, the
 * caller's quota state, and the admission checks the token endpoint, leasing and ingest share.
 */
package dev.tollgate.collector.quota;
