package dev.tollgate.sdk.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.sdk.internal.auth.Credentials;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import java.time.Instant;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** The URL an attempt is sent to: reused only while nothing it was built from changes. */
class UpstreamRequestsTest {

  private static final Instant LATER = Instant.parse("2100-01-01T00:00:00Z");
  private static final RequestBody BODY = RequestBody.create("{}", MediaType.get("application/json"));
  private final UpstreamRequests requests = new UpstreamRequests();

  @Test
  void aRepeatedCallGetsTheSameUrlAndAnyChangeGetsItsOwn() {
    Credentials azure = credentials("azure_openai", "https://a.example/", Map.of("gpt-4o", "prod-4o"));
    Exchange chat = exchange("/v1/chat/completions", null);

    Request first = requests.build(chat, BODY, "gpt-4o", azure);
    Request again = requests.build(chat, BODY, "gpt-4o", azure);
    Request otherModel = requests.build(chat, BODY, "gpt-4o-mini", azure);
    Request otherPath = requests.build(exchange("/v1/embeddings", null), BODY, "gpt-4o-mini", azure);
    Request rotated = requests.build(chat, BODY, "gpt-4o-mini",
        credentials("openai", "https://b.example/v1/", Map.of()));

    assertThat(first.url()).hasToString("https://a.example/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21");
    assertThat(again.url()).isSameAs(first.url());
    assertThat(again.header("api-key")).isEqualTo("key-azure_openai");
    assertThat(otherModel.url()).hasToString(
        "https://a.example/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21");
    assertThat(otherPath.url()).hasToString(
        "https://a.example/openai/deployments/gpt-4o-mini/embeddings?api-version=2024-10-21");
    assertThat(rotated.url()).hasToString("https://b.example/v1/chat/completions");
    assertThat(rotated.header("Authorization")).isEqualTo("Bearer key-openai");
  }

  @Test
  void aQueryIsCopiedEveryTimeAndNeverLeaksIntoTheNextCall() {
    Credentials openai = credentials("openai", "https://b.example/v1/", Map.of());
    HttpUrl withQuery = HttpUrl.get("https://api.openai.com/v1/models?limit=2");

    Request queried = requests.build(exchange("/v1/models", withQuery), null, null, openai);
    Request plain = requests.build(exchange("/v1/models", null), null, null, openai);
    Request queriedAgain = requests.build(exchange("/v1/models", HttpUrl.get("https://api.openai.com/v1/models?limit=3")),
        null, null, openai);

    assertThat(queried.url()).hasToString("https://b.example/v1/models?limit=2");
    assertThat(plain.url()).hasToString("https://b.example/v1/models");
    assertThat(queriedAgain.url()).hasToString("https://b.example/v1/models?limit=3");
  }

  private static Exchange exchange(String path, HttpUrl query) {
    String method = query == null && !path.equals("/v1/models") ? "POST" : "GET";
    return new Exchange(method, Operation.of(method, HttpUrl.get("https://api.openai.com" + path)), query, null,
        null, null, null, new CallMetadata(null, null, Map.of()), null, null, null);
  }

  private static Credentials credentials(String provider, String baseUrl, Map<String, String> deployments) {
    return new Credentials("token", LATER, provider, HttpUrl.get(baseUrl), "key-" + provider, LATER, LATER,
        provider.startsWith("azure") ? "2024-10-21" : null, deployments);
  }
}
