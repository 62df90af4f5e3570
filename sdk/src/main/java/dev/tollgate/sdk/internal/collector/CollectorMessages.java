package dev.tollgate.sdk.internal.collector;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the collector's auth and quota endpoints (snake_case on the wire). */
public final class CollectorMessages {

  private CollectorMessages() {}

  /** The client-credentials grant; its {@code toString} hides the secret. */
  public record TokenRequest(String grantType, String clientId, String clientSecret) {
    @Override
    public String toString() {
      return "TokenRequest[clientId=" + clientId + ", clientSecret=***]";
    }
  }

  /** The token endpoint's answer; its {@code toString} hides the token and the key. */
  public record TokenResponse(
      String accessToken, String tokenType, Long expiresIn, String teamId, String clientId,
      Upstream upstream) {
    @Override
    public String toString() {
      return "TokenResponse[clientId=" + clientId + ", expiresIn=" + expiresIn + ", upstream=" + upstream + "]";
    }
  }

  /**
   * The upstream credential lease; its {@code toString} hides the key. {@code apiVersion} and
   * {@code deployments} (model to deployment name) come with Azure OpenAI keys only.
   */
  public record Upstream(
      String provider, String baseUrl, String apiKey, Instant expiresAt, String apiVersion,
      Map<String, String> deployments) {
    @Override
    public String toString() {
      return "Upstream[provider=" + provider + ", baseUrl=" + baseUrl + ", apiKey=***, expiresAt=" + expiresAt
          + (apiVersion == null ? "" : ", apiVersion=" + apiVersion) + "]";
    }
  }

  /**
   * A quota lease request. {@code replaces} names the caller's lease this one replaces and what
   * its calls took, so the collector settles it with that use before granting the new one (without
   * it, the collector would return the replaced lease's whole unreported remainder to the pool
   * while calls admitted under it are still being metered). Null when nothing is replaced.
   */
  public record LeaseRequest(String model, String endpoint, Estimate estimate, Replaces replaces) {}

  /** The lease a renewal replaces and what was used of it. */
  public record Replaces(String leaseId, Estimate used) {}

  /**
   * What the SDK expects one call to use, or what a lease's calls used. A call's estimate leaves
   * {@code cost} out (the SDK has no prices) and says how many of its {@code tokens} are prompt
   * ({@code promptTokens}), so the collector prices a cost quota's share at the prompt rate;
   * null where not known.
   */
  public record Estimate(BigDecimal cost, Long tokens, Long requests, Long promptTokens) {}

  /**
   * A quota lease. {@code costPerToken} is the collector's upper bound on what one token of the
   * leased model costs (the higher of its prompt and completion rates, markup included);
   * {@code costPerPromptToken} and {@code costPerCompletionToken} bound each kind (null from a
   * collector that does not send them). They let the SDK count a {@code cost} grant down
   * locally. Null when the model has no price.
   */
  public record LeaseResponse(
      String leaseId, Instant expiresAt, List<Grant> grants, List<Object> softLimitWarnings,
      BigDecimal costPerToken, BigDecimal costPerPromptToken, BigDecimal costPerCompletionToken) {}

  /** One grant of a lease. */
  public record Grant(String quotaId, String unit, BigDecimal amount) {}

  /** The early return of a lease. */
  public record SettleRequest(Estimate used) {}

  /** An RFC 9457 problem as the collector sends it. */
  public record Problem(
      String type, String title, Integer status, String detail, String reason, QuotaJson quota) {}

  /** The quota of a 402 problem. */
  public record QuotaJson(
      String quotaId, String unit, String period, BigDecimal limit, BigDecimal used, Instant periodEnd) {}
}
