package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A team's subscription with what the rating and admission need: product, markup, sources, quotas. */
public record Subscription(UUID id, UUID productId, BigDecimal markupPercent, Instant startsAt,
    Optional<Instant> expiresAt, boolean enabled, Set<String> sources, List<Quota> quotas) {

  public Subscription {
    sources = Set.copyOf(sources);
    quotas = List.copyOf(quotas);
  }

  public boolean activeAt(Instant at) {
    return enabled && !startsAt.isAfter(at) && expiresAt.map(at::isBefore).orElse(true);
  }

  public boolean expiredAt(Instant at) {
    return expiresAt.map(e -> !at.isBefore(e)).orElse(false);
  }

  public boolean includes(String source) {
    return sources.contains(source);
  }
}
