package dev.tollgate.sdk.internal.engine;

import dev.tollgate.sdk.internal.auth.Credentials;
import dev.tollgate.sdk.internal.upstream.Transport;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The upstream request of one attempt: the exchange sent to the base URL of the leased key,
 * with that key. OpenAI and OpenAI-compatible keys: {@code {base_url}/{operation}} and
 * {@code Authorization: Bearer}. Azure OpenAI:
 * {@code {base_url}/openai/deployments/{deployment}/{operation}?api-version=...} (the
 * deployment the key names for the model, else the model's own name; operations without a
 * model go to {@code {base_url}/openai/{operation}}) with the {@code api-key} header, or
 * {@code Authorization: Bearer} for an Entra ID token ({@code azure_entra}).
 */
final class UpstreamRequests {

  /** The last URL built for a request without query parameters, and what it was built from. */
  private record Built(Credentials credentials, String path, String model, HttpUrl url) {}

  private volatile Built last;

  Request build(Exchange x, RequestBody body, String model, Credentials c) {
    Request.Builder r = new Request.Builder().url(url(x, model, c)).method(x.method(), body);
    if (x.headers() != null) {
      r.headers(x.headers());
    }
    if ("azure_openai".equals(c.provider())) {
      r.header("api-key", c.apiKey());
    } else {
      r.header("Authorization", "Bearer " + c.apiKey());
    }
    return r.tag(Transport.Sent.class, new Transport.Sent()).build();
  }

  /**
   * The request's URL. Calls in a row mostly go to the same operation and model with the same
   * credentials and no query: the URL built for the last such call is handed out again rather
   * than rebuilt segment by segment (an {@link HttpUrl} is immutable).
   */
  private HttpUrl url(Exchange x, String model, Credentials c) {
    String path = x.op().path();
    boolean noQuery = x.query() == null || x.query().querySize() == 0;
    Built b = last;
    if (noQuery && b != null && b.credentials() == c && b.path().equals(path) && Objects.equals(b.model(), model)) {
      return b.url();
    }
    HttpUrl url = newUrl(x, model, c);
    if (noQuery) {
      last = new Built(c, path, model, url);
    }
    return url;
  }

  private static HttpUrl newUrl(Exchange x, String model, Credentials c) {
    HttpUrl.Builder url = c.baseUrl().newBuilder();
    if (c.azure()) {
      url.addPathSegment("openai");
      if (model != null) {
        url.addPathSegment("deployments").addPathSegment(c.deployments().getOrDefault(model, model));
      }
    }
    url.addPathSegments(x.op().path());
    if (x.query() != null) {
      for (int i = 0, n = x.query().querySize(); i < n; i++) {
        String name = x.query().queryParameterName(i);
        if (!(c.azure() && "api-version".equals(name))) {
          url.addQueryParameter(name, x.query().queryParameterValue(i));
        }
      }
    }
    if (c.azure() && c.apiVersion() != null) {
      url.addQueryParameter("api-version", c.apiVersion());
    }
    return url.build();
  }
}
