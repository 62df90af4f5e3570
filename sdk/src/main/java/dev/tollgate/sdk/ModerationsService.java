package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.engine.Operation;
import dev.tollgate.sdk.internal.engine.RequestShape;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.tokens.TokenEstimate;
import dev.tollgate.sdk.internal.upstream.Cancellation;
import dev.tollgate.sdk.moderations.ModerationRequest;
import dev.tollgate.sdk.moderations.ModerationResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Moderations ({@code POST /moderations}): admitted (they count as requests) and metered
 * without token usage, which the API does not report. Obtain it with {@link Tollgate#moderations()}.
 */
public final class ModerationsService {

  private static final Operation OP = Operation.of("POST", "moderations");
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
    return create(request, rt.metadata(options), new Cancellation());
  }

  private ModerationResponse create(ModerationRequest request, CallMetadata meta, Cancellation c) {
    Objects.requireNonNull(request, "request");
    String model = request.model() == null ? DEFAULT_MODEL : request.model();
    RequestShape shape = new RequestShape(model, false, false, TokenEstimate.exactly(0));
    return rt.call(OP, request, shape, meta, ModerationResponse.class, c);
  }

  /** {@link #create(ModerationRequest)} on the client's async executor; cancelling the future cancels the call. */
  public CompletableFuture<ModerationResponse> createAsync(ModerationRequest request) {
    return createAsync(request, RequestOptions.none());
  }

  /** {@link #create(ModerationRequest, RequestOptions)} on the client's async executor. */
  public CompletableFuture<ModerationResponse> createAsync(ModerationRequest request, RequestOptions options) {
    CallMetadata meta = rt.metadata(options);
    return rt.async(c -> create(request, meta, c));
  }
}
