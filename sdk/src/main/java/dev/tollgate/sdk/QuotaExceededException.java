package dev.tollgate.sdk;

import java.util.Optional;

/**
 * The collector refused the call (HTTP 402) before anything was sent upstream: a quota is
 * used up, or the subscription is expired, absent or disabled.
 */
public class QuotaExceededException extends TollgateException {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final transient Quota quota;

  /**
   * An exception for a 402 answer.
   *
   * @param reason {@code quota_exceeded}, {@code subscription_expired}, {@code no_subscription},
   *     {@code subscriber_disabled} or {@code client_disabled}
   * @param detail the collector's human-readable detail
   * @param quota the quota that refused, or null when the reason is not a quota
   */
  public QuotaExceededException(String reason, String detail, Quota quota) {
    super(detail == null ? "Refused by Tollgate: " + reason : detail + " (" + reason + ")");
    this.reason = reason;
    this.quota = quota;
  }

  /** Why the call was refused, e.g. {@code quota_exceeded}. */
  public String reason() {
    return reason;
  }

  /** The quota that refused the call, when the reason is a quota. */
  public Optional<Quota> quota() {
    return Optional.ofNullable(quota);
  }
}
