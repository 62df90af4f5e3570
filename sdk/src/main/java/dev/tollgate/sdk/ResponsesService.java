package dev.tollgate.sdk;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.tollgate.sdk.internal.engine.Operation;
import dev.tollgate.sdk.internal.engine.RequestShape;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.upstream.Cancellation;
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

  private static final Operation OP = Operation.of("POST", "responses");
  private static final ObjectReader EVENTS = Json.mapper().readerFor(ResponseStreamEvent.class);

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
    return create(request, rt.metadata(options), new Cancellation());
  }

  private Response create(ResponseRequest request, CallMetadata meta, Cancellation c) {
    Objects.requireNonNull(request, "request");
    ResponseRequest r = request.stream() == null ? request : request.toBuilder().stream(null).build();
    return rt.call(OP, r, shape(r, false), meta, Response.class, c);
  }

  /** {@link #create(ResponseRequest)} on the client's async executor; cancelling the future cancels the call. */
  public CompletableFuture<Response> createAsync(ResponseRequest request) {
    return createAsync(request, RequestOptions.none());
  }

  /** {@link #create(ResponseRequest, RequestOptions)} on the client's async executor. */
  public CompletableFuture<Response> createAsync(ResponseRequest request, RequestOptions options) {
    CallMetadata meta = rt.metadata(options);
    return rt.async(c -> create(request, meta, c));
  }

  /** Streams a response as its named events ({@code response.output_text.delta}, ...). */
  public ResponseStream<ResponseStreamEvent> stream(ResponseRequest request) {
    return stream(request, RequestOptions.none());
  }

  /** Streams a response with per-call metadata. */
  public ResponseStream<ResponseStreamEvent> stream(ResponseRequest request, RequestOptions options) {
    return stream(request, rt.metadata(options), new Cancellation());
  }

  private ResponseStream<ResponseStreamEvent> stream(ResponseRequest request, CallMetadata meta, Cancellation c) {
    Objects.requireNonNull(request, "request");
    ResponseRequest r = request.toBuilder().stream(true).build();
    return rt.stream(OP, r, shape(r, true), meta, c,
        e -> EVENTS.<ResponseStreamEvent>readValue(e.data()).withType(e.event()));
  }

  /** Streams a response on the client's async executor, feeding {@code handler}. */
  public CompletableFuture<Void> streamAsync(ResponseRequest request, StreamHandler<ResponseStreamEvent> handler) {
    return streamAsync(request, RequestOptions.none(), handler);
  }

  /** Streams a response with per-call metadata on the client's async executor; cancelling the future cancels it. */
  public CompletableFuture<Void> streamAsync(
      ResponseRequest request, RequestOptions options, StreamHandler<ResponseStreamEvent> handler) {
    CallMetadata meta = rt.metadata(options);
    return rt.asyncStream(c -> stream(request, meta, c), handler);
  }

  private RequestShape shape(ResponseRequest r, boolean stream) {
    return new RequestShape(r.model(), stream, false, rt.engine().tokens().lazyEstimate(r));
  }
}
