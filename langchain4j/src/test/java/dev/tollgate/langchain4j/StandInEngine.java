package dev.tollgate.langchain4j;

import dev.tollgate.sdk.QuotaExceededException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Stands in for Tollgate's engine in the adapter's own tests: it sends the request to a
 * WireMock upstream with a "leased" key, or refuses it, and records the calls it saw. The
 * governance itself is tested by the SDK's conformance suite, which runs LangChain4j too.
 */
final class StandInEngine implements Interceptor {

  static final String LEASED_KEY = "sk-leased-by-stand-in";

  private final HttpUrl upstream;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Void>> closed = new CopyOnWriteArrayList<>();
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

  /** Completes when the answer's body of the {@code i}th call was closed, i.e. the client is done with it. */
  CompletableFuture<Void> bodyClosed(int i) {
    return closed.get(i);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    calls.add(chain.call());
    if (refusing) {
      throw new QuotaExceededException("quota_exceeded", "Team requests per month used up", null);
    }
    HttpUrl url = chain.request().url().newBuilder()
        .scheme(upstream.scheme()).host(upstream.host()).port(upstream.port()).build();
    CompletableFuture<Void> done = new CompletableFuture<>();
    closed.add(done);
    Response answer = chain.proceed(chain.request().newBuilder().url(url)
        .header("Authorization", "Bearer " + LEASED_KEY).build());
    ResponseBody body = answer.body();
    BufferedSource source = Okio.buffer(new ForwardingSource(body.source()) {
      @Override
      public void close() throws IOException {
        super.close();
        done.complete(null);
      }
    });
    return answer.newBuilder().body(ResponseBody.create(source, body.contentType(), body.contentLength())).build();
  }
}
