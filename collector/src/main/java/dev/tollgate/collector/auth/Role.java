package dev.tollgate.collector.auth;

/** What a caller may do. The names are the strings {@code @RolesAllowed} uses. */
public enum Role {
  /** Everything. */
  ADMIN,
  /** All reports, read-only administration. */
  FINANCE,
  /** An application's client token: its own quota, usage ingest and its own team's reports. */
  CLIENT;

  public static final String ADMIN_NAME = "ADMIN";
  public static final String FINANCE_NAME = "FINANCE";
  public static final String CLIENT_NAME = "CLIENT";
}
