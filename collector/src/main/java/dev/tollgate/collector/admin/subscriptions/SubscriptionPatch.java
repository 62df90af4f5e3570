package dev.tollgate.collector.admin.subscriptions;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tollgate.collector.admin.teams.Status;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * {@code PATCH /v1/admin/subscriptions/{id}}: fields present change. {@code expires_at: null}
 * makes the subscription open-ended; {@code quotas} replaces the set (a quota keeps its id and
 * counters when a quota of the same unit and period is in the new set).
 */
public final class SubscriptionPatch {

  private Status status;
  private Instant expiresAt;
  private boolean expiresAtPresent;
  @Size(max = 20)
  private List<@NotNull @Valid QuotaSpec> quotas;

  public Status status() {
    return status;
  }

  @JsonProperty("status")
  public void setStatus(Status status) {
    this.status = status;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public boolean expiresAtPresent() {
    return expiresAtPresent;
  }

  @JsonProperty("expires_at")
  public void setExpiresAt(Instant expiresAt) {
    this.expiresAt = expiresAt;
    this.expiresAtPresent = true;
  }

  public List<QuotaSpec> quotas() {
    return quotas;
  }

  @JsonProperty("quotas")
  public void setQuotas(List<QuotaSpec> quotas) {
    this.quotas = quotas;
  }
}
