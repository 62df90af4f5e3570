package dev.tollgate.sdk;

import dev.tollgate.sdk.embeddings.EmbeddingRequest;
import dev.tollgate.sdk.embeddings.EmbeddingResponse;
import dev.tollgate.sdk.internal.engine.Operation;
import dev.tollgate.sdk.internal.engine.RequestShape;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.upstream.Cancellation;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Embeddings ({@code POST /embeddings}), governed. Obtain it with {@link Tollgate#embeddings()}. */
public final class EmbeddingsService {

  private static final Operation OP = Operation.of("POST", "embeddings");

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
    return create(request, rt.metadata(options), new Cancellation());
  }

  private EmbeddingResponse create(EmbeddingRequest request, CallMetadata meta, Cancellation c) {
    Objects.requireNonNull(request, "request");
    RequestShape shape = new RequestShape(request.model(), false, false, rt.engine().tokens().lazyEstimate(request));
    return rt.call(OP, request, shape, meta, EmbeddingResponse.class, c);
  }

  /** {@link #create(EmbeddingRequest)} on the client's async executor; cancelling the future cancels the call. */
  public CompletableFuture<EmbeddingResponse> createAsync(EmbeddingRequest request) {
    return createAsync(request, RequestOptions.none());
  }

  /** {@link #create(EmbeddingRequest, RequestOptions)} on the client's async executor. */
  public CompletableFuture<EmbeddingResponse> createAsync(EmbeddingRequest request, RequestOptions options) {
    CallMetadata meta = rt.metadata(options);
    return rt.async(c -> create(request, meta, c));
  }
}
