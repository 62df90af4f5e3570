package dev.tollgate.collector.quota;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A team's subscription to a product, with its quotas, and what rating and admission need
 * of the product: its markup and sources (not shown by the admin API). {@code expiresAt}
 * null means open-ended; {@code status} is {@code active} or {@code disabled}.
 */
public record Subscription(UUID id, UUID teamId, UUID productId, Instant startsAt, Instant expiresAt, String status,
    List<Quota> quotas, Instant createdAt, Instant updatedAt,
    @JsonIgnore BigDecimal markupPercent, @JsonIgnore Set<String> sources) {

  public Subscription {
    sources = Set.copyOf(sources);
    quotas = List.copyOf(quotas);
  }

  /** The same subscription with {@code quotas}. */
  public Subscription withQuotas(List<Quota> quotas) {
    return new Subscription(id, teamId, productId, startsAt, expiresAt, status, quotas, createdAt, updatedAt,
        markupPercent, sources);
  }

  public boolean enabled() {
    return "active".equals(status);
  }

  public boolean activeAt(Instant at) {
    return enabled() && !startsAt.isAfter(at) && (expiresAt == null || at.isBefore(expiresAt));
  }

  public boolean expiredAt(Instant at) {
    return expiresAt != null && !at.isBefore(expiresAt);
  }

  public boolean includes(String source) {
    return sources.contains(source);
  }
}
