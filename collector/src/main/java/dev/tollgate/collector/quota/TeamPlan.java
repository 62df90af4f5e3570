package dev.tollgate.collector.quota;

import dev.tollgate.collector.common.UuidOrder;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A team's status and subscriptions, read fresh per request (no cache: a disabled team or
 * a changed subscription takes effect at once on every instance).
 */
public record TeamPlan(boolean teamEnabled, List<Subscription> subscriptions) {

  /** Newest start first, so that the most recent of overlapping subscriptions decides. */
  private static final Comparator<Subscription> NEWEST_FIRST =
      Comparator.comparing(Subscription::startsAt).reversed().thenComparing(Subscription::id);

  public TeamPlan {
    subscriptions = subscriptions.stream().sorted(NEWEST_FIRST).toList();
  }

  public List<Subscription> activeAt(Instant at) {
    return subscriptions.stream().filter(s -> s.activeAt(at)).toList();
  }

  /** The active subscription whose product includes {@code source}: it gives the markup. */
  public Optional<Subscription> subscriptionFor(String source, Instant at) {
    return subscriptions.stream().filter(s -> s.activeAt(at) && s.includes(source)).findFirst();
  }

  /** The quotas an event at {@code at} consumes, and a lease at {@code at} reserves from: every active subscription's. */
  public List<Quota> quotasAt(Instant at) {
    return activeAt(at).stream().flatMap(s -> s.quotas().stream())
        .sorted(Comparator.comparing(Quota::id, UuidOrder.POSTGRES)).toList();
  }

  /** Why the team may not call now, if it may not: a 402 reason. */
  public Optional<String> refusal(Instant at) {
    if (!teamEnabled) {
      return Optional.of("subscriber_disabled");
    }
    if (!activeAt(at).isEmpty()) {
      return Optional.empty();
    }
    boolean expired = subscriptions.stream().anyMatch(s -> s.enabled() && s.expiredAt(at));
    return Optional.of(expired ? "subscription_expired" : "no_subscription");
  }
}
