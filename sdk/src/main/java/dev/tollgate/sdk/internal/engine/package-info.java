/**
 * The call pipeline: quota admission, upstream call, metering. Internal: not API, may
 * change without notice.
 */
package dev.tollgate.sdk.internal.engine;
