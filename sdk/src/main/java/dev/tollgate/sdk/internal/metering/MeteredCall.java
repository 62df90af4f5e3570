package dev.tollgate.sdk.internal.metering;

/**
 * What every attempt of one governed call shares on its usage events.
 *
 * @param endpoint the metered endpoint, e.g. {@code /v1/chat/completions}
 * @param method the HTTP method
 * @param requestModel the model the request named, or null
 * @param streamed whether the answer is a stream
 * @param leaseId the quota lease the call was admitted on, or null
 * @param meta the caller's metadata
 */
public record MeteredCall(
    String endpoint, String method, String requestModel, boolean streamed, String leaseId, CallMetadata meta) {}
