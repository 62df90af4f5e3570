package dev.tollgate.sdk.internal.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sdk.AuthenticationException;
import dev.tollgate.sdk.Quota;
import dev.tollgate.sdk.QuotaExceededException;
import dev.tollgate.sdk.TollgateException;
import dev.tollgate.sdk.internal.json.Json;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * Calls the collector's auth and quota endpoints and turns its answers into results or
 * exceptions: 401 and 402 become the SDK's exceptions, no answer or a 5xx becomes
 * {@link CollectorUnreachableException}.
 */
public final class CollectorClient {

  private final CollectorApi api;
  private final ObjectMapper mapper = Json.mapper();

  /** A client for the collector at {@code baseUrl} over {@code http}. */
  public CollectorClient(HttpUrl baseUrl, OkHttpClient http) {
    this.api =
        new Retrofit.Builder()
            .baseUrl(baseUrl)
            .client(http)
            .addConverterFactory(JacksonConverterFactory.create(Json.mapper()))
            .build()
            .create(CollectorApi.class);
  }

  /** Exchanges client credentials for an access token and an upstream lease. */
  public CollectorMessages.TokenResponse token(String clientId, String clientSecret)
      throws CollectorUnreachableException {
    Response<CollectorMessages.TokenResponse> r =
        execute(api.token(new CollectorMessages.TokenRequest("client_credentials", clientId, clientSecret)));
    if (r.code() == 401) {
      throw new AuthenticationException(
          "The collector refused client id " + clientId + ": " + problem(r).map(CollectorMessages.Problem::detail).orElse("401"));
    }
    return bodyOrThrow(r, "token");
  }

  /** Asks for a quota lease for {@code model} with the given estimate. */
  public CollectorMessages.LeaseResponse lease(String accessToken, CollectorMessages.LeaseRequest request)
      throws CollectorUnreachableException, CollectorUnauthorizedException {
    Response<CollectorMessages.LeaseResponse> r = execute(api.lease(bearer(accessToken), request));
    if (r.code() == 401) {
      throw new CollectorUnauthorizedException("quota lease");
    }
    return bodyOrThrow(r, "quota lease");
  }

  /** Returns what is left of a lease early. */
  public void settle(String accessToken, String leaseId, CollectorMessages.Estimate used)
      throws CollectorUnreachableException, CollectorUnauthorizedException {
    Response<Void> r = execute(api.settle(bearer(accessToken), leaseId, new CollectorMessages.SettleRequest(used)));
    if (r.code() == 401) {
      throw new CollectorUnauthorizedException("lease settle");
    }
    if (!r.isSuccessful()) {
      throw new TollgateException("Collector refused to settle lease " + leaseId + ": HTTP " + r.code());
    }
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static <T> Response<T> execute(Call<T> call) throws CollectorUnreachableException {
    Response<T> r;
    try {
      r = call.execute();
    } catch (IOException e) {
      throw new CollectorUnreachableException("Collector unreachable: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException io) {
        throw new CollectorUnreachableException("Collector answer unreadable: " + io.getMessage(), io);
      }
      throw e;
    }
    if (r.code() >= 500) {
      closeQuietly(r.errorBody());
      throw new CollectorUnreachableException("Collector answered HTTP " + r.code(), null);
    }
    return r;
  }

  private <T> T bodyOrThrow(Response<T> r, String what) {
    if (r.isSuccessful() && r.body() != null) {
      return r.body();
    }
    java.util.Optional<CollectorMessages.Problem> p = problem(r);
    if (r.code() == 402) {
      CollectorMessages.Problem problem = p.orElse(null);
      String reason = problem == null || problem.reason() == null ? "quota_exceeded" : problem.reason();
      Quota quota = null;
      if (problem != null && problem.quota() != null) {
        CollectorMessages.QuotaJson q = problem.quota();
        quota = new Quota(q.quotaId(), q.unit(), q.period(), q.limit(), q.used(), q.periodEnd());
      }
      throw new QuotaExceededException(reason, problem == null ? null : problem.detail(), quota);
    }
    throw new TollgateException(
        "Collector refused the " + what + " request: HTTP " + r.code()
            + p.map(x -> " " + x.detail()).orElse(""));
  }

  private java.util.Optional<CollectorMessages.Problem> problem(Response<?> r) {
    try (ResponseBody body = r.errorBody()) {
      if (body == null) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(mapper.readValue(body.bytes(), CollectorMessages.Problem.class));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  private static void closeQuietly(ResponseBody body) {
    if (body != null) {
      body.close();
    }
  }
}
