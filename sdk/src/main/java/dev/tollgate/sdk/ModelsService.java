package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.tokens.TokenEstimate;
import dev.tollgate.sdk.internal.upstream.Endpoint;
import dev.tollgate.sdk.models.ModelList;
import java.util.concurrent.CompletableFuture;

/**
 * The upstream's models list ({@code GET /models}). Listing models uses the leased
 * credential but no quota and is not metered. Obtain it with {@link Tollgate#models()}.
 */
public final class ModelsService {

  private final ClientRuntime rt;

  ModelsService(ClientRuntime rt) {
    this.rt = rt;
  }

  /** Lists the models the upstream offers. */
  public ModelList list() {
    return rt.governor.call(
        Endpoint.MODELS, null, TokenEstimate.exactly(0), null, rt.metadata(RequestOptions.none()), ModelList.class, x -> null, x -> null);
  }

  /** {@link #list()} on the client's async executor. */
  public CompletableFuture<ModelList> listAsync() {
    return rt.async(this::list);
  }
}
