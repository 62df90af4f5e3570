package dev.tollgate.sdk.internal.usage;

/** Supplies the collector access token the shipper sends usage with. */
public interface AccessTokenSource {

  /** A currently valid access token, fetching or refreshing it if needed. */
  String accessToken();

  /** Tells the source that the collector refused {@code token} (401), so the next call fetches a new one. */
  void invalidate(String token);
}
