package dev.tollgate.conformance;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * What the application around a client under test configured, as the suite sets it up.
 *
 * @param apiKey a provider key the application sets where its client lets it (it must never reach
 *     the provider: Tollgate replaces it with the leased one)
 * @param okHttpClient the application's OkHttp client, with an interceptor, a network interceptor
 *     and an event listener that record all they see; build on it wherever the client under test
 *     takes an OkHttp client (the suite gives it to {@code TollgateBuilder.okHttpClient} too)
 * @param readTimeout the read timeout the application's HTTP client uses
 */
public record Application(String apiKey, OkHttpClient okHttpClient, Duration readTimeout) {}
