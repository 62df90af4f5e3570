/**
 * The collector's auth and quota endpoints, called through Retrofit. Internal: not API,
 * may change without notice.
 */
package dev.tollgate.sdk.internal.collector;
