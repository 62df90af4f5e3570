package dev.tollgate.openai;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpMethod;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Translates between openai-java's HTTP types and OkHttp's: the request openai-java built becomes
 * an OkHttp request for the engine's interceptor, and the engine's answer becomes openai-java's
 * response.
 */
final class OkHttpExchange {

  /**
   * Added to every answer: the engine has already retried what may be retried, so openai-java's
   * own retry loop (which obeys this header) never sends a call twice, even if an application
   * raised {@code maxRetries} on a governed client.
   */
  static final String SHOULD_RETRY = "X-Should-Retry";

  private static final RequestBody EMPTY = RequestBody.create(new byte[0], null);

  private static volatile ParsedBase lastBase;

  private OkHttpExchange() {}

  /** The OkHttp request for what openai-java built: URL, method, headers and body. */
  static Request request(HttpRequest request) {
    Request.Builder builder = new Request.Builder().url(url(request));
    Headers headers = request.headers();
    for (String name : headers.names()) {
      boolean authorization = "Authorization".equalsIgnoreCase(name);
      for (String value : headers.values(name)) {
        builder.addHeader(name, authorization ? AsyncCancellation.withoutReference(value) : value);
      }
    }
    RequestBody body = request.body() == null ? null : new BodyAdapter(request.body());
    if (body == null && requiresBody(request.method())) {
      body = EMPTY;
    }
    return builder.method(request.method().name(), body).build();
  }

  /** openai-java's view of the engine's answer; closing it closes the OkHttp response. */
  static HttpResponse response(Response response) {
    Headers.Builder headers = Headers.builder();
    okhttp3.Headers answered = response.headers();
    for (int i = 0, n = answered.size(); i < n; i++) {
      headers.put(answered.name(i), answered.value(i));
    }
    headers.replace(SHOULD_RETRY, "false");
    return new ResponseAdapter(response, headers.build());
  }

  private static HttpUrl url(HttpRequest request) {
    HttpUrl.Builder url = base(request.baseUrl()).newBuilder();
    request.pathSegments().forEach(url::addPathSegment);
    for (String key : request.queryParams().keys()) {
      for (String value : request.queryParams().values(key)) {
        url.addQueryParameter(key, value);
      }
    }
    return url.build();
  }

  /**
   * The parsed base URL. Every call of a client carries the same one (the placeholder, unless an
   * application changed it with {@code withOptions}), and parsing it is a visible share of the
   * adapter's cost per call.
   */
  private static HttpUrl base(String baseUrl) {
    ParsedBase last = lastBase;
    if (last == null || !last.text().equals(baseUrl)) {
      last = new ParsedBase(baseUrl, HttpUrl.get(baseUrl));
      lastBase = last;
    }
    return last.url();
  }

  private record ParsedBase(String text, HttpUrl url) {}

  /** OkHttp insists on a body for these methods, as openai-java's own OkHttp client knows. */
  private static boolean requiresBody(HttpMethod method) {
    return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
  }

  /** openai-java's request body, written when the engine reads it. */
  private static final class BodyAdapter extends RequestBody {
    private final HttpRequestBody body;
    private final MediaType contentType;

    BodyAdapter(HttpRequestBody body) {
      this.body = body;
      this.contentType = body.contentType() == null ? null : MediaType.parse(body.contentType());
    }

    @Override
    public MediaType contentType() {
      return contentType;
    }

    @Override
    public long contentLength() {
      return body.contentLength();
    }

    @Override
    public boolean isOneShot() {
      return !body.repeatable();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      body.writeTo(sink.outputStream());
    }
  }

  /** An OkHttp response seen through openai-java's interface. */
  private static final class ResponseAdapter implements HttpResponse {
    private final Response response;
    private final Headers headers;

    ResponseAdapter(Response response, Headers headers) {
      this.response = response;
      this.headers = headers;
    }

    @Override
    public int statusCode() {
      return response.code();
    }

    @Override
    public Headers headers() {
      return headers;
    }

    @Override
    public InputStream body() {
      return response.body().byteStream();
    }

    @Override
    public void close() {
      response.close();
    }
  }
}
