package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.engine.Operation;
import dev.tollgate.sdk.internal.engine.RequestShape;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.upstream.Cancellation;
import dev.tollgate.sdk.models.ModelList;
import java.util.concurrent.CompletableFuture;

/**
 * The upstream's models list ({@code GET /models}). Listing models uses the leased
 * credential but no quota; like every endpoint without token usage it is counted as a
 * request (one usage event without usage). Obtain it with {@link Tollgate#models()}.
 */
public final class ModelsService {

  private static final Operation OP = Operation.of("GET", "models");

  private final ClientRuntime rt;

  ModelsService(ClientRuntime rt) {
    this.rt = rt;
  }

  /** Lists the models the upstream offers. */
  public ModelList list() {
    return list(rt.metadata(RequestOptions.none()), new Cancellation());
  }

  private ModelList list(CallMetadata meta, Cancellation c) {
    return rt.call(OP, null, RequestShape.NONE, meta, ModelList.class, c);
  }

  /** {@link #list()} on the client's async executor; cancelling the future cancels the call. */
  public CompletableFuture<ModelList> listAsync() {
    CallMetadata meta = rt.metadata(RequestOptions.none());
    return rt.async(c -> list(meta, c));
  }
}
