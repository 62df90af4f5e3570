package dev.tollgate.sdk;

import dev.tollgate.sdk.chat.ChatCompletion;
import dev.tollgate.sdk.chat.ChatCompletionChunk;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import dev.tollgate.sdk.chat.StreamOptions;
import dev.tollgate.sdk.internal.engine.ChatStreamDecoder;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.upstream.Endpoint;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Chat completions ({@code POST /chat/completions}), governed: each call is admitted
 * against the quota first and metered after. Obtain it with {@link Tollgate#chat()}.
 */
public final class ChatCompletionsService {

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
    Objects.requireNonNull(request, "request");
    ChatCompletionRequest r = request.stream() == null ? request : request.toBuilder().stream(null).build();
    return rt.governor.call(
        Endpoint.CHAT_COMPLETIONS, r.model(), rt.governor.tokens().lazyEstimate(r), rt.governor.toJson(r),
        rt.metadata(options), ChatCompletion.class, c -> UsageMapper.fromChat(c.usage()), ChatCompletion::model);
  }

  /** {@link #create(ChatCompletionRequest)} on the client's async executor. */
  public CompletableFuture<ChatCompletion> createAsync(ChatCompletionRequest request) {
    return createAsync(request, RequestOptions.none());
  }

  /** {@link #create(ChatCompletionRequest, RequestOptions)} on the client's async executor. */
  public CompletableFuture<ChatCompletion> createAsync(ChatCompletionRequest request, RequestOptions options) {
    return rt.async(() -> create(request, options));
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
    Objects.requireNonNull(request, "request");
    boolean callerAskedUsage =
        request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage());
    ChatCompletionRequest.Builder b = request.toBuilder().stream(true);
    if (!callerAskedUsage) {
      StreamOptions so = request.streamOptions();
      b.streamOptions(new StreamOptions(true, so == null ? null : so.additionalProperties()));
    }
    ChatCompletionRequest r = b.build();
    long prompt = rt.governor.tokens().prompt(r);
    long estimate = rt.governor.tokens().estimate(r, prompt);
    return ClientRuntime.wrap(rt.governor.stream(
        Endpoint.CHAT_COMPLETIONS, r.model(), prompt, estimate, rt.governor.toJson(r), rt.metadata(options),
        new ChatStreamDecoder(!callerAskedUsage)));
  }

  /** Streams a chat completion on the client's async executor, feeding {@code handler}. */
  public CompletableFuture<Void> streamAsync(ChatCompletionRequest request, StreamHandler<ChatCompletionChunk> handler) {
    return streamAsync(request, RequestOptions.none(), handler);
  }

  /**
   * Streams a chat completion with per-call metadata on the client's async executor; the
   * future completes when the stream ends, and cancelling it closes the stream.
   */
  public CompletableFuture<Void> streamAsync(
      ChatCompletionRequest request, RequestOptions options, StreamHandler<ChatCompletionChunk> handler) {
    return rt.asyncStream(() -> stream(request, options), handler);
  }
}
