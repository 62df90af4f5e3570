package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.tokens.TokenEstimate;
import dev.tollgate.sdk.internal.upstream.Endpoint;
import dev.tollgate.sdk.moderations.ModerationRequest;
import dev.tollgate.sdk.moderations.ModerationResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Moderations ({@code POST /moderations}): admitted (they count as requests) and metered
 * without token usage, which the API does not report. Obtain it with {@link Tollgate#moderations()}.
 */
public final class ModerationsService {

  private static final String DEFAULT_MODEL = "omni-moderation-latest";

  private final ClientRuntime rt;

  ModerationsService(ClientRuntime rt) {
    this.rt = rt;
  }

  /** Classifies the input, admitting the call against the caller's quota first. */
  public ModerationResponse create(ModerationRequest request) {
    return create(request, RequestOptions.none());
  }

  /** Classifies the input with per-call metadata. */
  public ModerationResponse create(ModerationRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    String model = request.model() == null ? DEFAULT_MODEL : request.model();
    return rt.governor.call(
        Endpoint.MODERATIONS, model, TokenEstimate.exactly(0), rt.governor.toJson(request), rt.metadata(options),
        ModerationResponse.class, x -> null, ModerationResponse::model);
  }

  /** {@link #create(ModerationRequest)} on the client's async executor. */
  public CompletableFuture<ModerationResponse> createAsync(ModerationRequest request) {
    return createAsync(request, RequestOptions.none());
  }

  /** {@link #create(ModerationRequest, RequestOptions)} on the client's async executor. */
  public CompletableFuture<ModerationResponse> createAsync(ModerationRequest request, RequestOptions options) {
    return rt.async(() -> create(request, options));
  }
}
