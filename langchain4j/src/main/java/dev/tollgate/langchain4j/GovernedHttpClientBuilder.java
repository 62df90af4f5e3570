package dev.tollgate.langchain4j;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * Builds {@link GovernedHttpClient}s that share one OkHttp client (its dispatcher threads),
 * each with the timeouts the LangChain4j model asked for.
 */
final class GovernedHttpClientBuilder implements HttpClientBuilder {

  private final OkHttpClient base;
  private Duration connectTimeout;
  private Duration readTimeout;

  GovernedHttpClientBuilder(OkHttpClient base) {
    this.base = base;
  }

  @Override
  public Duration connectTimeout() {
    return connectTimeout;
  }

  @Override
  public GovernedHttpClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return this;
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public GovernedHttpClientBuilder readTimeout(Duration timeout) {
    this.readTimeout = timeout;
    return this;
  }

  @Override
  public HttpClient build() {
    OkHttpClient.Builder okHttp = base.newBuilder();
    if (connectTimeout != null) {
      okHttp.connectTimeout(connectTimeout);
    }
    if (readTimeout != null) {
      okHttp.readTimeout(readTimeout);
    }
    return new GovernedHttpClient(okHttp.build());
  }
}
