package dev.tollgate.sdk;

import dev.tollgate.sdk.embeddings.EmbeddingRequest;
import dev.tollgate.sdk.embeddings.EmbeddingResponse;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.upstream.Endpoint;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Embeddings ({@code POST /embeddings}), governed. Obtain it with {@link Tollgate#embeddings()}. */
public final class EmbeddingsService {

  private final ClientRuntime rt;

  EmbeddingsService(ClientRuntime rt) {
    this.rt = rt;
  }

  /** Creates embeddings, admitting the call against the caller's quota first. */
  public EmbeddingResponse create(EmbeddingRequest request) {
    return create(request, RequestOptions.none());
  }

  /** Creates embeddings with per-call metadata. */
  public EmbeddingResponse create(EmbeddingRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return rt.governor.call(
        Endpoint.EMBEDDINGS, request.model(), rt.governor.tokens().lazyEstimate(request), rt.governor.toJson(request),
        rt.metadata(options), EmbeddingResponse.class, x -> UsageMapper.fromEmbeddings(x.usage()),
        EmbeddingResponse::model);
  }

  /** {@link #create(EmbeddingRequest)} on the client's async executor. */
  public CompletableFuture<EmbeddingResponse> createAsync(EmbeddingRequest request) {
    return createAsync(request, RequestOptions.none());
  }

  /** {@link #create(EmbeddingRequest, RequestOptions)} on the client's async executor. */
  public CompletableFuture<EmbeddingResponse> createAsync(EmbeddingRequest request, RequestOptions options) {
    return rt.async(() -> create(request, options));
  }
}
