package dev.tollgate.sdk.internal.upstream;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Authenticator;
import okhttp3.Call;
import okhttp3.CookieJar;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Tollgate's own HTTP transport, the only one that ever carries a secret (the client secret,
 * the access token, the leased provider key). Made from the application's OkHttpClient when it
 * gives one (its connection pool, dispatcher, proxy, TLS and DNS set-up are shared), but
 * without its interceptors, network interceptors, event listener, authenticator, cookie jar
 * and cache: those would see the secrets. Its event listener notes when a request was sent in
 * full, which tells a read timeout (the provider may be working) from a connection failure.
 */
public final class Transport {

  /** Set on a request's tag when the request was sent in full. */
  public static final class Sent {
    private volatile boolean sent;

    /** Whether the request went out in full. */
    public boolean sent() {
      return sent;
    }
  }

  private final OkHttpClient http;
  private final ConcurrentMap<Timeouts, OkHttpClient> byTimeouts = new ConcurrentHashMap<>();

  private record Timeouts(int connect, int read, int write) {}

  /** A transport from {@code base} (null for a new client) with the given timeouts. */
  public Transport(OkHttpClient base, Duration connect, Duration read, Duration write) {
    OkHttpClient.Builder b = (base != null ? base : new OkHttpClient()).newBuilder();
    b.interceptors().clear();
    b.networkInterceptors().clear();
    this.http = b
        .eventListenerFactory(Transport::listener)
        .authenticator(Authenticator.NONE)
        .cookieJar(CookieJar.NO_COOKIES)
        .cache(null)
        .connectTimeout(connect)
        .readTimeout(read)
        .writeTimeout(write)
        .retryOnConnectionFailure(false)
        .build();
  }

  /** The client with the configured timeouts. */
  public OkHttpClient client() {
    return http;
  }

  /** The client with other timeouts (in milliseconds), made once per combination. */
  public OkHttpClient client(int connectMillis, int readMillis, int writeMillis) {
    if (connectMillis == http.connectTimeoutMillis() && readMillis == http.readTimeoutMillis()
        && writeMillis == http.writeTimeoutMillis()) {
      return http;
    }
    return byTimeouts.computeIfAbsent(new Timeouts(connectMillis, readMillis, writeMillis), k -> http.newBuilder()
        .connectTimeout(connectMillis, TimeUnit.MILLISECONDS)
        .readTimeout(readMillis, TimeUnit.MILLISECONDS)
        .writeTimeout(writeMillis, TimeUnit.MILLISECONDS)
        .build());
  }

  /** Releases the pool's idle connections and the dispatcher's threads (only for a transport Tollgate owns). */
  public void shutdown() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private static EventListener listener(Call call) {
    Sent sent = call.request().tag(Sent.class);
    return sent == null ? EventListener.NONE : new SentListener(sent);
  }

  private static final class SentListener extends EventListener {
    private final Sent sent;

    SentListener(Sent sent) {
      this.sent = sent;
    }

    @Override
    public void requestHeadersEnd(Call call, Request request) {
      if (request.body() == null) {
        sent.sent = true;
      }
    }

    @Override
    public void requestBodyEnd(Call call, long byteCount) {
      sent.sent = true;
    }
  }
}
