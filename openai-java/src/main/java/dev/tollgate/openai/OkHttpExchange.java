package dev.tollgate.openai;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpMethod;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
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

  private static volatile LastUrl lastUrl;

  private static volatile LastType lastType;

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
      String name = answered.name(i);
      if (!SHOULD_RETRY.equalsIgnoreCase(name)) {
        headers.put(name, answered.value(i));
      }
    }
    headers.put(SHOULD_RETRY, "false");
    return new ResponseAdapter(response, headers.build());
  }

  /**
   * The request's URL. Calls of one kind carry the same base URL (the placeholder, unless an
   * application changed it with {@code withOptions}) and the same path, and building the URL
   * was the largest share of the adapter's cost per call: the last URL without query
   * parameters is kept and handed out again for the same base and path.
   */
  private static HttpUrl url(HttpRequest request) {
    String base = request.baseUrl();
    List<String> segments = request.pathSegments();
    boolean noQuery = request.queryParams().isEmpty();
    LastUrl last = lastUrl;
    boolean sameBase = last != null && last.base().equals(base);
    if (noQuery && sameBase && last.segments().equals(segments)) {
      return last.url();
    }
    HttpUrl parsedBase = sameBase ? last.parsedBase() : HttpUrl.get(base);
    HttpUrl.Builder url = parsedBase.newBuilder();
    segments.forEach(url::addPathSegment);
    for (String key : request.queryParams().keys()) {
      for (String value : request.queryParams().values(key)) {
        url.addQueryParameter(key, value);
      }
    }
    HttpUrl built = url.build();
    if (noQuery) {
      lastUrl = new LastUrl(base, List.copyOf(segments), parsedBase, built);
    }
    return built;
  }

  /** The last URL built without query parameters, from {@code base} and {@code segments}. */
  private record LastUrl(String base, List<String> segments, HttpUrl parsedBase, HttpUrl url) {}

  /** The request body's media type, parsed once for the same {@code Content-Type}. */
  private static MediaType mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    LastType last = lastType;
    if (last == null || !last.text().equals(contentType)) {
      last = new LastType(contentType, MediaType.parse(contentType));
      lastType = last;
    }
    return last.type();
  }

  private record LastType(String text, MediaType type) {}

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
      this.contentType = mediaType(body.contentType());
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
