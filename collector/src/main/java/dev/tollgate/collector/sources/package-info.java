/**
 * Sources (a domain package): the path rules that classify upstream calls, tried in priority
 * order; their admin endpoints, and the classifier (cached for seconds) that quota and usage share.
 */
package dev.tollgate.collector.sources;
