package dev.tollgate.sdk;

import dev.tollgate.sdk.chat.ChatCompletion;
import dev.tollgate.sdk.chat.ChatCompletionChunk;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tollgate.sdk.internal.engine.Operation;
import dev.tollgate.sdk.internal.engine.RequestShape;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.upstream.Cancellation;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Chat completions ({@code POST /chat/completions}), governed: each call is admitted
 * against the quota first and metered after. Obtain it with {@link Tollgate#chat()}.
 */
public final class ChatCompletionsService {

  private static final Operation OP = Operation.of("POST", "chat/completions");
  private static final ObjectReader CHUNKS = Json.mapper().readerFor(ChatCompletionChunk.class);

  private final ClientRuntime rt;

  ChatCompletionsService(ClientRuntime rt) {
    this.rt = rt;
  }

  /** Creates a chat completion, admitting it against the caller's quota first. */
  public ChatCompletion create(ChatCompletionRequest request) {
    return create(request, RequestOptions.none());
  }

  /** Creates a chat completion with per-call metadata. */
  public ChatCompletion create(ChatCompletionRequest request, RequestOptions options) {
    return create(request, rt.metadata(options), new Cancellation());
  }

  private ChatCompletion create(ChatCompletionRequest request, CallMetadata meta, Cancellation c) {
    Objects.requireNonNull(request, "request");
    ChatCompletionRequest r = request.stream() == null ? request : request.toBuilder().stream(null).build();
    return rt.call(OP, r, shape(r, false), meta, ChatCompletion.class, c);
  }

  /** {@link #create(ChatCompletionRequest)} on the client's async executor; cancelling the future cancels the call. */
  public CompletableFuture<ChatCompletion> createAsync(ChatCompletionRequest request) {
    return createAsync(request, RequestOptions.none());
  }

  /** {@link #create(ChatCompletionRequest, RequestOptions)} on the client's async executor. */
  public CompletableFuture<ChatCompletion> createAsync(ChatCompletionRequest request, RequestOptions options) {
    CallMetadata meta = rt.metadata(options);
    return rt.async(c -> create(request, meta, c));
  }

  /**
   * Streams a chat completion. The SDK asks for {@code stream_options.include_usage} when
   * the caller did not, and then hides the provider's extra usage chunk.
   */
  public ResponseStream<ChatCompletionChunk> stream(ChatCompletionRequest request) {
    return stream(request, RequestOptions.none());
  }

  /** Streams a chat completion with per-call metadata. */
  public ResponseStream<ChatCompletionChunk> stream(ChatCompletionRequest request, RequestOptions options) {
    return stream(request, rt.metadata(options), new Cancellation());
  }

  private ResponseStream<ChatCompletionChunk> stream(ChatCompletionRequest request, CallMetadata meta, Cancellation c) {
    Objects.requireNonNull(request, "request");
    ChatCompletionRequest r = request.toBuilder().stream(true).build();
    return rt.stream(OP, r, shape(r, true), meta, c, e -> CHUNKS.readValue(e.data()));
  }

  /** Streams a chat completion on the client's async executor, feeding {@code handler}. */
  public CompletableFuture<Void> streamAsync(ChatCompletionRequest request, StreamHandler<ChatCompletionChunk> handler) {
    return streamAsync(request, RequestOptions.none(), handler);
  }

  /**
   * Streams a chat completion with per-call metadata on the client's async executor; the
   * future completes when the stream ends, and cancelling it cancels the HTTP exchange (the
   * call is metered with the usage estimated so far).
   */
  public CompletableFuture<Void> streamAsync(
      ChatCompletionRequest request, RequestOptions options, StreamHandler<ChatCompletionChunk> handler) {
    CallMetadata meta = rt.metadata(options);
    return rt.asyncStream(c -> stream(request, meta, c), handler);
  }

  private RequestShape shape(ChatCompletionRequest r, boolean stream) {
    boolean includeUsage = r.streamOptions() != null && Boolean.TRUE.equals(r.streamOptions().includeUsage());
    return new RequestShape(r.model(), stream, includeUsage, rt.engine().tokens().lazyEstimate(r));
  }
}
