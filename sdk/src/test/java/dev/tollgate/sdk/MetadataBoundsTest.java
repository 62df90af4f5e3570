package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Metadata is checked against the collector's bounds when a call is made, before admission;
 * what the provider sends is trimmed to them, so that a call that was made is never lost to
 * the collector's validation (collector-api.md, "Usage ingest").
 */
class MetadataBoundsTest extends SdkTestBase {

  private static Map<String, String> tags(int n) {
    return tags("k", n);
  }

  private static Map<String, String> tags(String prefix, int n) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      tags.put(prefix + i, "v");
    }
    return tags;
  }

  @Test
  void metadataOutOfBoundsIsRefusedWhenTheCallIsMadeBeforeAdmission() {
    client(b -> b.defaultRequestOptions(RequestOptions.builder().tags(tags(30)).build()));

    assertThatThrownBy(() -> tollgate.chat().create(chatRequest(), RequestOptions.builder().traceId("x".repeat(257)).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace id");
    assertThatThrownBy(() -> tollgate.chat().create(chatRequest(), RequestOptions.builder().endUser("u\n42").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control");
    assertThatThrownBy(() -> tollgate.chat().create(chatRequest(), RequestOptions.builder().tag("k".repeat(65), "v").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
    assertThatThrownBy(() -> tollgate.chat().createAsync(chatRequest(), RequestOptions.builder().tags(tags("call", 3)).build()))
        .as("30 default tags and 3 more are over 32; thrown on the caller's thread")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");

    assertThat(collectorCount("/v1/auth/token") + collectorCount("/v1/quota/lease")).isZero();
    assertThat(upstreamRequests()).isEmpty();
    assertThat(tollgate.chat().create(chatRequest(), RequestOptions.builder().tags(tags("call", 2)).build())).isNotNull();
  }

  @Test
  void defaultsOutOfBoundsAreRefusedByTheBuilder() {
    assertThatThrownBy(() -> Tollgate.builder().defaultRequestOptions(RequestOptions.builder().tags(tags(33)).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void whatTheProviderSendsIsTrimmedToTheBounds() {
    client(b -> b.maxRetries(0));
    String longModel = "gpt-4o-mini-" + "x".repeat(300);
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(Fixtures.read("chat-completion.json").replace("gpt-4o-mini-2024-07-18", longModel))));
    tollgate.chat().create(chatRequest());
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"line one\\nline two " + "y".repeat(5000)
            + "\"}}")));
    assertThatThrownBy(() -> tollgate.chat().create(chatRequest())).isInstanceOf(UpstreamException.class);

    UsageEvent answered = sink.events.get(0);
    assertThat(answered.model()).hasSize(256).startsWith("gpt-4o-mini-x");
    UsageEvent failed = sink.events.get(1);
    assertThat(failed.error().message()).hasSize(1024).startsWith("line one line two").doesNotContain("\n");
  }

  @Test
  void requestOptionsWrittenAsHeadersLabelAnInterceptedCall() throws Exception {
    client();
    RequestOptions options = RequestOptions.builder().traceId("trace 100%").endUser("Zoë")
        .tag("feature", "résumé, short").tag("a=b", "c").build();
    Request.Builder request = new Request.Builder().url("http://localhost/v1/chat/completions")
        .post(RequestBody.create("{\"model\":\"gpt-4o-mini\",\"messages\":[]}", MediaType.get("application/json")));
    options.toHeaders().forEach(request::header);

    try (Response r = new OkHttpClient.Builder().addInterceptor(tollgate.okHttpInterceptor()).build()
        .newCall(request.build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
    }

    UsageEvent e = sink.only();
    assertThat(e.traceId()).isEqualTo("trace 100%");
    assertThat(e.endUser()).isEqualTo("Zoë");
    assertThat(e.tags()).isEqualTo(Map.of("feature", "résumé, short", "a=b", "c"));
  }
}
