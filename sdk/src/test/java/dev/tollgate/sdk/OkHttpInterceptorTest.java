package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * {@link Tollgate#okHttpInterceptor()}: any OkHttp client speaking the OpenAI wire format is
 * governed by the same engine as the typed client, whatever base URL and key it was given.
 */
class OkHttpInterceptorTest extends SdkTestBase {

  private static final MediaType JSON = MediaType.get("application/json");
  private static final String CHAT_BODY = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":300,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Summarise the quarter.\"}]}";

  private final List<String> seenByTheApplication = new CopyOnWriteArrayList<>();

  /** The application's client: OpenAI's URL, its own key, and an interceptor of its own in front of Tollgate's. */
  private OkHttpClient application() {
    return new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          seenByTheApplication.add(chain.request().headers().toString());
          Response r = chain.proceed(chain.request());
          seenByTheApplication.add(r.request().headers().toString() + r.headers());
          return r;
        })
        .addInterceptor(tollgate.okHttpInterceptor())
        .addNetworkInterceptor(chain -> {
          seenByTheApplication.add("network interceptor ran: " + chain.request().headers());
          return chain.proceed(chain.request());
        })
        .build();
  }

  private static Request chat(String body) {
    return new Request.Builder().url("https://api.openai.com/v1/chat/completions")
        .header("Authorization", "Bearer sk-application-own-key")
        .post(RequestBody.create(body, JSON)).build();
  }

  @Test
  void aChatCallIsGovernedWithTheLeasedKeyAndMetered() throws IOException {
    client();
    try (Response r = application().newCall(chat(CHAT_BODY).newBuilder()
        .header("Tollgate-Trace-Id", "trace-7").header("Tollgate-End-User", "u%C3%A9-42")
        .header("Tollgate-Tags", "feature=summarise,team%20name=caf%C3%A9+bar").build()).execute()) {
      JsonNode answer = Json.mapper().readTree(r.body().bytes());
      assertThat(answer.path("usage").path("prompt_tokens").asLong()).isEqualTo(1200);
    }

    LoggedRequest sent = upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0);
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + API_KEY_1);
    assertThat(sent.getAllHeaderKeys()).noneMatch(h -> h.toLowerCase().startsWith("tollgate-"));
    assertThat(sent.getBodyAsString()).isEqualTo(CHAT_BODY);
    UsageEvent e = sink.only();
    assertThat(e.usage()).isEqualTo(new UsageEvent.Usage(1200, 1024, 0, 0, 300, 0, 0, false));
    assertThat(e.leaseId()).isEqualTo("lease-1");
    assertThat(e.traceId()).isEqualTo("trace-7");
    assertThat(e.endUser()).isEqualTo("ué-42");
    assertThat(e.tags()).containsEntry("feature", "summarise").containsEntry("team name", "café bar");
    assertThat(e.serviceTier()).isEqualTo("default");
    assertThat(String.join("\n", seenByTheApplication)).doesNotContain(API_KEY_1, ACCESS_TOKEN_1, CLIENT_SECRET)
        .doesNotContain("network interceptor ran");
  }

  @Test
  void aStreamGetsIncludeUsageAddedAndItsUsageChunkHidden() throws IOException {
    client();
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion-stream.sse")));
    String body;
    try (Response r = application().newCall(chat(CHAT_BODY.replace("{\"model\"", "{\"stream\":true,\"model\""))).execute()) {
      body = r.body().string();
    }

    assertThat(body).contains("data: [DONE]").doesNotContain("\"prompt_tokens\"");
    JsonNode sent = Json.mapper().readTree(upstream.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))
        .get(0).getBody());
    assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(sink.only().usage()).isEqualTo(new UsageEvent.Usage(19, 0, 0, 0, 7, 0, 0, false));
    assertThat(sink.only().streamed()).isTrue();
  }

  @Test
  void endpointsWithoutUsagePassThroughWithTheLeasedKeyAndCountAsRequests() throws IOException {
    client();
    upstream.stubFor(get(urlEqualTo("/v1/files?purpose=batch")).willReturn(okJson("{\"object\":\"list\",\"data\":[]}")));
    try (Response r = application().newCall(new Request.Builder()
        .url("https://api.openai.com/v1/files?purpose=batch").build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
    }

    upstream.verify(1, getRequestedFor(urlEqualTo("/v1/files?purpose=batch"))
        .withHeader("Authorization", equalTo("Bearer " + API_KEY_1)));
    assertThat(collectorCount("/v1/quota/lease")).isZero();
    assertThat(sink.only().endpoint()).isEqualTo("/v1/files");
    assertThat(sink.only().usage()).isNull();
  }

  @Test
  void aRefusalIsThrownBeforeAnythingGoesUpstream() {
    client();
    collector.stubFor(post(urlEqualTo("/v1/quota/lease")).willReturn(aResponse().withStatus(402)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"status\":402,\"reason\":\"quota_exceeded\",\"detail\":\"used up\"}")));

    assertThatThrownBy(() -> application().newCall(chat(CHAT_BODY)).execute())
        .isInstanceOf(QuotaExceededException.class);
    assertThat(upstreamRequests()).isEmpty();
  }

  @Test
  void metadataOutOfBoundsIsRefusedBeforeAdmission() {
    client();

    assertThatThrownBy(() -> application().newCall(chat(CHAT_BODY).newBuilder()
        .header("Tollgate-Trace-Id", "t".repeat(257)).build()).execute())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace id");
    assertThatThrownBy(() -> application().newCall(chat(CHAT_BODY).newBuilder()
        .header("Tollgate-Tags", "no-equals-sign").build()).execute())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(collectorCount("/v1/quota/lease")).isZero();
    assertThat(upstreamRequests()).isEmpty();
  }

  @Test
  void errorsComeBackAsAnswersAfterTheEnginesRetriesMarkedNotToBeRetried() throws IOException {
    client(b -> b.maxRetries(1));
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", "application/json").withBody(Fixtures.read("error-500.json"))));

    try (Response r = application().newCall(chat(CHAT_BODY)).execute()) {
      assertThat(r.code()).isEqualTo(503);
      assertThat(r.header("X-Should-Retry")).isEqualTo("false");
      assertThat(r.body().string()).contains("server_error");
    }
    upstream.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    assertThat(sink.events).hasSize(2).allSatisfy(e -> assertThat(e.statusCode()).isEqualTo(503));
  }

  @Test
  void cancellingTheApplicationsCallCancelsTollgatesWithinASecond() throws Exception {
    try (SlowUpstream slow = SlowUpstream.streaming()) {
      stubUpstream(slow.baseUrl());
      client();
      Call call = application().newCall(chat(CHAT_BODY.replace("{\"model\"", "{\"stream\":true,\"model\"")));
      Response r = call.execute();
      assertThat(r.body().source().readUtf8Line()).startsWith("data: ");

      call.cancel();

      assertThat(slow.awaitAbort(1000)).isTrue();
      assertThat(sink.awaitEvents(1)).isTrue();
      assertThat(sink.only().usage().estimated()).isTrue();
      r.close();
    }
  }

  @Test
  void cancellingAndClosingAStreamAbortsItAtOnce() throws Exception {
    try (SlowUpstream slow = SlowUpstream.streaming()) {
      stubUpstream(slow.baseUrl());
      client();
      Call call = application().newCall(chat(CHAT_BODY.replace("{\"model\"", "{\"stream\":true,\"model\"")));
      Response r = call.execute();
      r.body().source().readUtf8Line();

      call.cancel();
      r.close();

      assertThat(slow.awaitAbort(1000)).isTrue();
      assertThat(sink.only().usage().estimated()).isTrue();
    }
  }

  @Test
  void theApplicationsTimeoutsApplyToTheGovernedCall() {
    client();
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion.json")
        .withFixedDelay(3000)));
    OkHttpClient impatient = application().newBuilder().readTimeout(Duration.ofMillis(300)).build();

    assertThatThrownBy(() -> impatient.newCall(chat(CHAT_BODY)).execute())
        .as("unchecked, so that no host library retries a timed-out generation")
        .isInstanceOf(UpstreamConnectionException.class);
    upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    assertThat(sink.only().usage().estimated()).isTrue();
  }

  @Test
  void asANetworkInterceptorItRefusesToRun() {
    client();
    OkHttpClient wrong = new OkHttpClient.Builder().addNetworkInterceptor(tollgate.okHttpInterceptor()).build();

    assertThatThrownBy(() -> wrong.newCall(new Request.Builder().url(upstream.baseUrl() + "/v1/models").build()).execute())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("addInterceptor");
    upstream.verify(0, getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization", absent()));
  }
}
