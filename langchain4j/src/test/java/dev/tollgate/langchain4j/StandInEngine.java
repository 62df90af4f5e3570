package dev.tollgate.langchain4j;

import dev.tollgate.sdk.QuotaExceededException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Stands in for Tollgate's engine in the adapter's own tests: it sends the request to a
 * WireMock upstream with a "leased" key, or refuses it, and records the calls it saw. The
 * governance itself is tested by the SDK's conformance suite, which runs LangChain4j too.
 */
final class StandInEngine implements Interceptor {

  static final String LEASED_KEY = "sk-leased-by-stand-in";

  private final HttpUrl upstream;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;

  StandInEngine(String upstreamBaseUrl) {
    this.upstream = HttpUrl.get(upstreamBaseUrl);
  }

  void refuse() {
    refusing = true;
  }

  List<Call> calls() {
    return calls;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    calls.add(chain.call());
    if (refusing) {
      throw new QuotaExceededException("quota_exceeded", "Team requests per month used up", null);
    }
    HttpUrl url = chain.request().url().newBuilder()
        .scheme(upstream.scheme()).host(upstream.host()).port(upstream.port()).build();
    return chain.proceed(chain.request().newBuilder().url(url)
        .header("Authorization", "Bearer " + LEASED_KEY).build());
  }
}
