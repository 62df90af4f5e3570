package dev.tollgate.sdk.internal.metering;

import java.util.Map;

/**
 * The caller's metadata for one call, defaults already applied.
 *
 * @param traceId the trace id, or null
 * @param endUser the end-user id, or null
 * @param tags free tags
 */
public record CallMetadata(String traceId, String endUser, Map<String, String> tags) {}
