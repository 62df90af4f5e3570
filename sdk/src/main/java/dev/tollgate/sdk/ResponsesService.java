package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.engine.ResponseStreamDecoder;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.upstream.Endpoint;
import dev.tollgate.sdk.responses.Response;
import dev.tollgate.sdk.responses.ResponseRequest;
import dev.tollgate.sdk.responses.ResponseStreamEvent;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The Responses API ({@code POST /responses}), governed like every call. Obtain it with
 * {@link Tollgate#responses()}.
 */
public final class ResponsesService {

  private final ClientRuntime rt;

  ResponsesService(ClientRuntime rt) {
    this.rt = rt;
  }

  /** Creates a response, admitting it against the caller's quota first. */
  public Response create(ResponseRequest request) {
    return create(request, RequestOptions.none());
  }

  /** Creates a response with per-call metadata. */
  public Response create(ResponseRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    ResponseRequest r = request.stream() == null ? request : request.toBuilder().stream(null).build();
    return rt.governor.call(
        Endpoint.RESPONSES, r.model(), rt.governor.tokens().lazyEstimate(r), rt.governor.toJson(r),
        rt.metadata(options), Response.class, x -> UsageMapper.fromResponses(x.usage()), Response::model);
  }

  /** {@link #create(ResponseRequest)} on the client's async executor. */
  public CompletableFuture<Response> createAsync(ResponseRequest request) {
    return createAsync(request, RequestOptions.none());
  }

  /** {@link #create(ResponseRequest, RequestOptions)} on the client's async executor. */
  public CompletableFuture<Response> createAsync(ResponseRequest request, RequestOptions options) {
    return rt.async(() -> create(request, options));
  }

  /** Streams a response as its named events ({@code response.output_text.delta}, ...). */
  public ResponseStream<ResponseStreamEvent> stream(ResponseRequest request) {
    return stream(request, RequestOptions.none());
  }

  /** Streams a response with per-call metadata. */
  public ResponseStream<ResponseStreamEvent> stream(ResponseRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    ResponseRequest r = request.toBuilder().stream(true).build();
    long prompt = rt.governor.tokens().prompt(r);
    return ClientRuntime.wrap(rt.governor.stream(
        Endpoint.RESPONSES, r.model(), prompt, rt.governor.tokens().estimate(r, prompt),
        rt.governor.toJson(r), rt.metadata(options), new ResponseStreamDecoder()));
  }

  /** Streams a response on the client's async executor, feeding {@code handler}. */
  public CompletableFuture<Void> streamAsync(ResponseRequest request, StreamHandler<ResponseStreamEvent> handler) {
    return streamAsync(request, RequestOptions.none(), handler);
  }

  /** Streams a response with per-call metadata on the client's async executor. */
  public CompletableFuture<Void> streamAsync(
      ResponseRequest request, RequestOptions options, StreamHandler<ResponseStreamEvent> handler) {
    return rt.asyncStream(() -> stream(request, options), handler);
  }
}
