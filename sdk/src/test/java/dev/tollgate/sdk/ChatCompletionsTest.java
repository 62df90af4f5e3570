package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.sdk.chat.ChatCompletion;
import dev.tollgate.sdk.chat.ChatCompletionChunk;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import dev.tollgate.sdk.chat.StreamOptions;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest extends SdkTestBase {

  @Test
  void createReturnsTheCompletionAndMetersItWithTheCallersMetadata() {
    client(b -> b.defaultRequestOptions(RequestOptions.builder().endUser("default-user").tag("app", "billing").build()));

    ChatCompletion c = tollgate.chat().create(chatRequest(),
        RequestOptions.builder().traceId("trace-1").tag("feature", "summarise").build());

    assertThat(c.firstText()).hasValueSatisfying(t -> assertThat(t).startsWith("Quarterly revenue rose"));
    assertThat(c.additionalProperties()).containsEntry("system_fingerprint", "fp_560af6e559");
    upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withHeader("Authorization", equalTo("Bearer " + API_KEY_1)));
    UsageEvent e = sink.only();
    assertThat(e.endpoint()).isEqualTo("/v1/chat/completions");
    assertThat(e.method()).isEqualTo("POST");
    assertThat(e.requestModel()).isEqualTo("gpt-4o-mini");
    assertThat(e.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(e.statusCode()).isEqualTo(200);
    assertThat(e.latencyMs()).isGreaterThanOrEqualTo(0);
    assertThat(e.streamed()).isFalse();
    assertThat(e.leaseId()).isEqualTo("lease-1");
    assertThat(e.traceId()).isEqualTo("trace-1");
    assertThat(e.endUser()).isEqualTo("default-user");
    assertThat(e.tags()).containsEntry("app", "billing").containsEntry("feature", "summarise");
    assertThat(e.timestamp()).isEqualTo(START);
    assertThat(e.usage()).isEqualTo(new UsageEvent.Usage(1200, 1024, 0, 0, 300, 0, 0, false));
    assertThat(e.error()).isNull();
  }

  @Test
  void unknownRequestFieldsAreSentAsGiven() throws Exception {
    client();
    tollgate.chat().create(chatRequest().toBuilder().putAdditionalProperty("reasoning_effort", "low").build());

    JsonNode sent = Json.mapper().readTree(upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0).getBodyAsString());
    assertThat(sent.get("reasoning_effort").asText()).isEqualTo("low");
    assertThat(sent.get("max_tokens").asInt()).isEqualTo(300);
    assertThat(sent.has("stream")).isFalse();
  }

  @Test
  void streamHidesTheUsageChunkItAskedForAndMetersExactUsage() throws Exception {
    client();
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion-stream.sse")));

    List<ChatCompletionChunk> chunks;
    try (ResponseStream<ChatCompletionChunk> s = tollgate.chat().stream(chatRequest())) {
      chunks = s.stream().collect(Collectors.toList());
    }

    assertThat(chunks).hasSize(5).allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
    String text = chunks.stream().flatMap(c -> c.choices().stream())
        .map(ch -> ch.delta().text().orElse("")).collect(Collectors.joining());
    assertThat(text).isEqualTo("Hello! How can I help?");
    JsonNode sent = Json.mapper().readTree(upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0).getBodyAsString());
    assertThat(sent.get("stream").asBoolean()).isTrue();
    assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
    UsageEvent e = sink.only();
    assertThat(e.streamed()).isTrue();
    assertThat(e.usage()).isEqualTo(new UsageEvent.Usage(19, 0, 0, 0, 7, 0, 0, false));
    assertThat(e.timeToFirstTokenMs()).isNotNull().isLessThanOrEqualTo(e.latencyMs());
    assertThat(e.model()).isEqualTo("gpt-4o-mini-2024-07-18");
  }

  @Test
  void streamShowsTheUsageChunkWhenTheCallerAskedForIt() {
    client();
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion-stream.sse")));
    ChatCompletionRequest r = chatRequest().toBuilder().streamOptions(StreamOptions.includeUsage(true)).build();

    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (ResponseStream<ChatCompletionChunk> s = tollgate.chat().stream(r)) {
      s.forEach(chunks::add);
    }

    assertThat(chunks).hasSize(6);
    assertThat(chunks.get(5).usage().promptTokens()).isEqualTo(19);
    assertThat(sink.only().usage().estimated()).isFalse();
  }

  @Test
  void streamWithoutUsageFromTheProviderIsMeteredAsEstimated() {
    client();
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion-stream-no-usage.sse")));

    try (ResponseStream<ChatCompletionChunk> s = tollgate.chat().stream(chatRequest())) {
      assertThat(s.stream().count()).isEqualTo(3);
    }

    UsageEvent.Usage u = sink.only().usage();
    assertThat(u.estimated()).isTrue();
    assertThat(u.completionTokens()).isEqualTo(2); // "Hi there"
    assertThat(u.promptTokens()).isGreaterThan(0);
  }

  @Test
  void brokenStreamThrowsAndIsMeteredWithEstimatedUsage() {
    client();
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion-stream-broken.sse")));

    List<ChatCompletionChunk> seen = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (ResponseStream<ChatCompletionChunk> s = tollgate.chat().stream(chatRequest())) {
        s.forEach(seen::add);
      }
    }).isInstanceOf(UpstreamConnectionException.class).hasMessageContaining("broke off");

    assertThat(seen).hasSize(2);
    UsageEvent e = sink.only();
    assertThat(e.usage().estimated()).isTrue();
    assertThat(e.usage().completionTokens()).isGreaterThan(3);
    assertThat(e.error().type()).isEqualTo("stream_broken");
    assertThat(e.model()).isEqualTo("gpt-4o-2024-08-06");
  }

  @Test
  void closingEarlyReleasesTheConnectionAndMetersEstimatedUsage() {
    client();
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion-stream.sse")));

    try (ResponseStream<ChatCompletionChunk> s = tollgate.chat().stream(chatRequest())) {
      Iterator<ChatCompletionChunk> it = s.iterator();
      it.next();
      it.next();
    }

    UsageEvent e = sink.only();
    assertThat(e.usage().estimated()).isTrue();
    assertThat(e.usage().completionTokens()).isEqualTo(1); // "Hello"
    assertThat(e.error()).isNull();
    // The connection went back: a following call on the same client works.
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion.json")));
    assertThat(tollgate.chat().create(chatRequest()).usage().promptTokens()).isEqualTo(1200);
  }

  @Test
  void asyncCreateAndAsyncStreamAreGovernedTheSameWay() throws Exception {
    client();
    ChatCompletion c = tollgate.chat().createAsync(chatRequest()).get(10, TimeUnit.SECONDS);
    assertThat(c.usage().completionTokens()).isEqualTo(300);

    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion-stream.sse")));
    List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();
    boolean[] completed = {false};
    tollgate.chat().streamAsync(chatRequest(), new StreamHandler<>() {
      @Override
      public void onNext(ChatCompletionChunk item) {
        chunks.add(item);
      }

      @Override
      public void onComplete() {
        completed[0] = true;
      }
    }).get(10, TimeUnit.SECONDS);

    assertThat(chunks).hasSize(5);
    assertThat(completed[0]).isTrue();
    assertThat(sink.events).hasSize(2);
    assertThat(sink.last().usage().completionTokens()).isEqualTo(7);
  }

  @Test
  void asyncCallFailuresCompleteTheFutureExceptionally() {
    client(b -> b.maxRetries(0));
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions"))
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404)
            .withBody(Fixtures.read("error-401.json").replace("invalid_api_key", "model_not_found"))));

    assertThatThrownBy(() -> tollgate.chat().createAsync(chatRequest()).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(UpstreamNotFoundException.class);
  }

  @Test
  void cancellingAnAsyncStreamClosesItAndMetersEstimatedUsage() throws Exception {
    client();
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion-stream.sse")));
    java.util.concurrent.CompletableFuture<?>[] future = new java.util.concurrent.CompletableFuture<?>[1];
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();

    future[0] = tollgate.chat().streamAsync(chatRequest(), chunk -> {
      try {
        started.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      chunks.add(chunk);
      future[0].cancel(true);
    });
    started.countDown();

    assertThat(sink.awaitEvents(1)).isTrue();
    assertThat(future[0].isCancelled()).isTrue();
    assertThat(chunks).hasSize(1);
    assertThat(sink.only().usage().estimated()).isTrue();
  }
}
