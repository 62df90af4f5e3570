package dev.tollgate.sdk.internal.collector;

import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.Path;

/** The collector endpoints the client calls (Retrofit interface; usage ingest is the shipper's). */
interface CollectorApi {

  @POST("v1/auth/token")
  Call<CollectorMessages.TokenResponse> token(@Body CollectorMessages.TokenRequest body);

  @POST("v1/quota/lease")
  Call<CollectorMessages.LeaseResponse> lease(
      @Header("Authorization") String authorization, @Body CollectorMessages.LeaseRequest body);

  @POST("v1/quota/lease/{leaseId}/settle")
  Call<Void> settle(
      @Header("Authorization") String authorization,
      @Path("leaseId") String leaseId,
      @Body CollectorMessages.SettleRequest body);
}
