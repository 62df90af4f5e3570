package dev.tollgate.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.HttpMethod;
import com.openai.core.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * {@link OkHttpExchange} reuses the last URL it built without query parameters: a request with
 * another path, base URL or query parameters must still get its own URL.
 */
class OkHttpExchangeTest {

  private static HttpRequest.Builder get(String base, String... path) {
    return HttpRequest.builder().method(HttpMethod.GET).baseUrl(base).addPathSegments(path);
  }

  private static String url(HttpRequest.Builder request) {
    return OkHttpExchange.request(request.build()).url().toString();
  }

  @Test
  void eachRequestGetsTheUrlOfItsOwnBasePathAndQuery() {
    String base = TollgateOpenAI.PLACEHOLDER_BASE_URL;
    assertThat(url(get(base, "chat", "completions"))).isEqualTo(base + "/chat/completions");
    assertThat(url(get(base, "chat", "completions"))).isEqualTo(base + "/chat/completions");
    assertThat(url(get(base, "models"))).isEqualTo(base + "/models");
    assertThat(url(get(base, "models").putQueryParam("limit", "2"))).isEqualTo(base + "/models?limit=2");
    assertThat(url(get(base, "models"))).isEqualTo(base + "/models");
    assertThat(url(get("http://other.invalid/v2", "models"))).isEqualTo("http://other.invalid/v2/models");
    assertThat(url(get(base, "files", "a b"))).isEqualTo(base + "/files/a%20b");
  }

  @Test
  void anAnswerSaysNotToRetryOnceWhateverItsCase() {
    okhttp3.Request request = OkHttpExchange.request(get(TollgateOpenAI.PLACEHOLDER_BASE_URL, "models").build());
    okhttp3.Response response = new okhttp3.Response.Builder().request(request)
        .protocol(okhttp3.Protocol.HTTP_1_1).code(500).message("Server Error")
        .header("x-should-retry", "true").header("Content-Type", "application/json").build();
    var headers = OkHttpExchange.response(response).headers();
    assertThat(headers.values(OkHttpExchange.SHOULD_RETRY)).containsExactly("false");
    assertThat(headers.values("content-type")).containsExactly("application/json");
  }
}
