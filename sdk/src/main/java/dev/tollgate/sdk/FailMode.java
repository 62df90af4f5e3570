package dev.tollgate.sdk;

/** What the client does when the collector cannot be reached and no lease covers a call. */
public enum FailMode {
  /**
   * Admit the call and meter it later (usage is spooled), for at most the configured grace
   * period after the collector was last reached; the default.
   */
  OPEN,
  /** Refuse the call with {@link CollectorUnavailableException}. */
  CLOSED
}
