package dev.tollgate.collector.usage;

import dev.tollgate.collector.alerts.AlertRaiser;
import dev.tollgate.collector.quota.Quota;
import dev.tollgate.collector.quota.QuotaConsumption;
import dev.tollgate.collector.quota.Subscription;
import dev.tollgate.collector.quota.TeamPlan;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The alerts one ingest batch raises, inside its transaction: the thresholds its quota use
 * crossed, the models it saw without a price, and a spend spike on a day it added cost to.
 */
final class IngestAlerts {

  private IngestAlerts() {}

  /** Returns how many alerts were raised. */
  static int raise(Handle h, AlertRaiser raiser, UUID teamId, TeamPlan plan, List<QuotaConsumption.Moved> moved,
      List<RatedEvent> stored) {
    return raiser.quotaThresholds(h, teamId, quotaUses(plan, moved))
        + raiser.unpricedModels(h, teamId, unpriced(stored))
        + spikes(h, raiser, teamId, stored);
  }

  static List<AlertRaiser.QuotaUse> quotaUses(TeamPlan plan, List<QuotaConsumption.Moved> moved) {
    Map<UUID, Quota> quotas = plan.subscriptions().stream().map(Subscription::quotas).flatMap(List::stream)
        .collect(Collectors.toMap(Quota::id, Function.identity(), (a, b) -> a));
    List<AlertRaiser.QuotaUse> uses = new ArrayList<>();
    for (QuotaConsumption.Moved m : moved) {
      Quota q = quotas.get(m.quotaId());
      if (q == null || q.alertThresholds().isEmpty() || m.usedAfter().compareTo(m.usedBefore()) <= 0) {
        continue;
      }
      uses.add(new AlertRaiser.QuotaUse(q.id(), q.unit().wireName(), q.period().wireName(), q.limit(), q.hard(),
          q.alertThresholds(), m.periodStart(), q.period().end(m.periodStart()).orElse(null), m.usedBefore(),
          m.usedAfter(), m.refusals()));
    }
    return uses;
  }

  /** The models rated without a price, each with its earliest event in the batch. */
  static Map<String, Instant> unpriced(List<RatedEvent> stored) {
    Map<String, Instant> first = new TreeMap<>();
    for (RatedEvent r : stored) {
      String model = r.event().ratedModel();
      if (r.rating().unpriced() && model != null) {
        first.merge(model, r.event().timestamp(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    return first;
  }

  private static int spikes(Handle h, AlertRaiser raiser, UUID teamId, List<RatedEvent> stored) {
    TreeSet<LocalDate> days = new TreeSet<>();
    for (RatedEvent r : stored) {
      if (r.rating().totalCost().signum() > 0) {
        days.add(LocalDate.ofInstant(r.event().timestamp(), ZoneOffset.UTC));
      }
    }
    int raised = 0;
    for (LocalDate day : days) {
      Optional<DailySpendSql.Spend> spend = DailySpendSql.highest(h, teamId, day)
          .filter(s -> s.hasFullWeekBefore(day));
      if (spend.isPresent() && raiser.spendSpike(h, teamId, day, spend.get().day(), spend.get().previousSevenDays())) {
        raised++;
      }
    }
    return raised;
  }
}
