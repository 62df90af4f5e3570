package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.sdk.embeddings.EmbeddingRequest;
import dev.tollgate.sdk.embeddings.EmbeddingResponse;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.models.ModelList;
import dev.tollgate.sdk.moderations.ModerationRequest;
import dev.tollgate.sdk.moderations.ModerationResponse;
import dev.tollgate.sdk.responses.Response;
import dev.tollgate.sdk.responses.ResponseRequest;
import dev.tollgate.sdk.responses.ResponseStreamEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OtherEndpointsTest extends SdkTestBase {

  @Test
  void responsesCreateIsMeteredWithInputAndOutputTokens() {
    client();
    Response r = tollgate.responses().create(ResponseRequest.builder().model("o3-mini").input("Invoice total?").build());

    assertThat(r.outputText()).isEqualTo("The invoice total is 4,212.50 EUR.");
    UsageEvent e = sink.only();
    assertThat(e.endpoint()).isEqualTo("/v1/responses");
    assertThat(e.requestModel()).isEqualTo("o3-mini");
    assertThat(e.model()).isEqualTo("o3-mini-2025-01-31");
    assertThat(e.usage()).isEqualTo(new UsageEvent.Usage(100, 0, 0, 0, 500, 400, 0, false));
  }

  @Test
  void responsesStreamDeliversNamedEventsAndMetersTheCompletedUsage() {
    client();
    upstream.stubFor(post(urlEqualTo("/v1/responses")).willReturn(fixture("responses-stream.sse")));

    List<ResponseStreamEvent> events;
    try (ResponseStream<ResponseStreamEvent> s = tollgate.responses().stream(
        ResponseRequest.builder().model("gpt-4.1-mini").input("Hello").build())) {
      events = s.stream().collect(Collectors.toList());
    }

    assertThat(events).extracting(ResponseStreamEvent::type).startsWith("response.created", "response.in_progress")
        .endsWith("response.completed");
    assertThat(events.stream().flatMap(ev -> ev.outputTextDelta().stream()).collect(Collectors.joining()))
        .isEqualTo("Hello from the Responses API.");
    UsageEvent e = sink.only();
    assertThat(e.streamed()).isTrue();
    assertThat(e.usage()).isEqualTo(new UsageEvent.Usage(37, 0, 0, 0, 11, 0, 0, false));
    assertThat(e.model()).isEqualTo("gpt-4.1-mini-2025-04-14");
  }

  @Test
  void responsesStreamAsyncFeedsTheHandler() throws Exception {
    client();
    upstream.stubFor(post(urlEqualTo("/v1/responses")).willReturn(fixture("responses-stream.sse")));
    List<String> types = new CopyOnWriteArrayList<>();

    tollgate.responses().streamAsync(ResponseRequest.builder().model("gpt-4.1-mini").input("Hello").build(),
        ev -> types.add(ev.type())).get(10, TimeUnit.SECONDS);

    assertThat(types).hasSize(9).contains("response.output_text.delta");
  }

  @Test
  void embeddingsAreMeteredWithPromptTokens() {
    client();
    EmbeddingResponse r = tollgate.embeddings().create(
        EmbeddingRequest.builder().model("text-embedding-3-small").input(List.of("a", "b")).build(),
        RequestOptions.builder().tag("feature", "search").build());

    assertThat(r.data()).hasSize(2);
    UsageEvent e = sink.only();
    assertThat(e.endpoint()).isEqualTo("/v1/embeddings");
    assertThat(e.usage()).isEqualTo(new UsageEvent.Usage(16, 0, 0, 0, 0, 0, 0, false));
    assertThat(e.tags()).containsEntry("feature", "search");
  }

  @Test
  void moderationsAreMeteredWithoutUsage() {
    client();
    ModerationResponse r = tollgate.moderations().create(ModerationRequest.of("omni-moderation-latest", "hello"));

    assertThat(r.results()).hasSize(1);
    UsageEvent e = sink.only();
    assertThat(e.endpoint()).isEqualTo("/v1/moderations");
    assertThat(e.usage()).isNull();
    assertThat(e.statusCode()).isEqualTo(200);
    assertThat(e.model()).isEqualTo("omni-moderation-2024-09-26");
  }

  @Test
  void modelsAreListedWithTheLeasedKeyWithoutQuotaAndCountedAsARequest() throws Exception {
    client();
    ModelList list = tollgate.models().listAsync().get(10, TimeUnit.SECONDS);

    assertThat(list.data()).hasSize(6);
    upstream.verify(1, getRequestedFor(urlEqualTo("/v1/models")));
    assertThat(collectorCount("/v1/quota/lease")).isZero();
    UsageEvent e = sink.only();
    assertThat(e.endpoint()).isEqualTo("/v1/models");
    assertThat(e.method()).isEqualTo("GET");
    assertThat(e.statusCode()).isEqualTo(200);
    assertThat(e.usage()).isNull();
    assertThat(e.leaseId()).isNull();
  }
}
