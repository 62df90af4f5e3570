package dev.tollgate.collector.quota;

import dev.tollgate.collector.common.ProblemException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The 402 refusals shared by the token endpoint and leasing: disabled client or team, no usable subscription. */
public final class Admission {

  private Admission() {}

  public static void requireClientEnabled(Handle h, UUID clientId) {
    requireClientEnabled(AdmissionSql.clientStatus(h, clientId).orElse(null));
  }

  /** {@code status} is the client's, null when there is no such client. */
  static void requireClientEnabled(String status) {
    if (!"active".equals(status)) {
      throw ProblemException.paymentRequired("client_disabled", "The client is disabled", Map.of());
    }
  }

  public static void requireAllowed(TeamPlan plan, Instant now) {
    plan.refusal(now).ifPresent(reason -> {
      throw ProblemException.paymentRequired(reason, switch (reason) {
        case "subscriber_disabled" -> "The team is disabled";
        case "subscription_expired" -> "The team's subscription has expired";
        default -> "The team has no active subscription";
      }, Map.of());
    });
  }
}
