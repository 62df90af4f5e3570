package dev.tollgate.collector.usage;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.common.Transactions;
import dev.tollgate.collector.periods.BillingMonths;
import dev.tollgate.collector.pricing.PriceBook;
import dev.tollgate.collector.pricing.PriceBookCache;
import dev.tollgate.collector.pricing.Rating;
import dev.tollgate.collector.pricing.RatingEngine;
import dev.tollgate.collector.quota.PlanDao;
import dev.tollgate.collector.quota.QuotaConsumption;
import dev.tollgate.collector.quota.TeamPlan;
import dev.tollgate.collector.usage.RerateSql.Stored;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Prices stored events again with the rates in force at each event's time, in chunks of
 * {@link #CHUNK} events per transaction. Each chunk replaces the events' charge lines and
 * totals, moves the difference into the daily rollups, and adds the difference of
 * total_cost to the cost quotas the events consumed (their period of the event's time), so
 * reports and GET /v1/quota keep matching the stored charges. The markup percent an event
 * was rated with at ingest is kept: re-rating changes prices, not the subscription terms. A
 * range that touches a closed month is refused (422): a closed month's charges never change.
 */
public final class RerateService {

  static final int CHUNK = 500;

  private final Jdbi jdbi;
  private final Clock clock;
  private final PriceBookCache prices;
  private final AuditLog audit;

  public RerateService(Jdbi jdbi, Clock clock, PriceBookCache prices, AuditLog audit) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.prices = prices;
    this.audit = audit;
  }

  /** Re-rates events with {@code from <= ts < to}, optionally of one model (exact, or a prefix ending in *). */
  public long rerate(String actor, Instant from, Instant to, String model) {
    if (from == null || to == null) {
      throw ProblemException.invalid(from == null ? "from" : "to", "is required");
    }
    if (!from.isBefore(to)) {
      throw ProblemException.invalid("to", "must be after from");
    }
    long total = 0;
    Instant afterTs = null;
    UUID afterId = null;
    while (true) {
      Instant cursorTs = afterTs;
      UUID cursorId = afterId;
      List<Stored> chunk = Transactions.inTransaction(jdbi, h -> rerateChunk(h, from, to, model, cursorTs, cursorId));
      if (chunk.isEmpty()) {
        break;
      }
      total += chunk.size();
      Stored last = chunk.get(chunk.size() - 1);
      afterTs = last.event().timestamp();
      afterId = last.event().id();
      if (chunk.size() < CHUNK) {
        break;
      }
    }
    long count = total;
    jdbi.useTransaction(h -> {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("from", from.toString());
      details.put("to", to.toString());
      details.put("model", model);
      details.put("rerated", count);
      audit.record(h, actor, "usage.rerated", "usage_events", null, details);
    });
    return total;
  }

  private List<Stored> rerateChunk(Handle h, Instant from, Instant to, String model, Instant afterTs, UUID afterId) {
    // Checked in every chunk's transaction, under the periods lock: a month closed meanwhile stops the re-rating.
    BillingMonths.requireOpen(h, from, to, "from");
    List<Stored> chunk = RerateSql.lockChunk(h, from, to, model, afterTs, afterId, CHUNK);
    if (chunk.isEmpty()) {
      return chunk;
    }
    Instant now = clock.instant();
    PriceBook book = prices.current(h);
    Map<UUID, TeamPlan> plans = new HashMap<>();
    Map<UUID, List<QuotaConsumption.Use>> uses = new LinkedHashMap<>();
    Rollups rollups = new Rollups();
    List<RatedEvent> all = new ArrayList<>();
    for (Stored s : chunk) {
      IngestEvent e = s.event();
      Rating rating = RatingEngine.rate(book, e.ratedModel(), e.serviceTier(), e.quantities(), e.timestamp(),
          s.markupPercent());
      RatedEvent rerated = new RatedEvent(e, s.source(), s.productId(), rating);
      RatedEvent before = new RatedEvent(e, s.source(), s.productId(), new Rating(List.of(), BigDecimal.ZERO,
          s.markupPercent(), BigDecimal.ZERO, s.oldTotal(), s.oldCurrency(), false, Optional.empty()));
      rollups.add(s.teamId(), s.clientId(), before, s.oldTotal(), -1, s.billingMonth());
      rollups.add(s.teamId(), s.clientId(), rerated, rating.totalCost(), 1, s.billingMonth());
      all.add(rerated);
      BigDecimal delta = rating.totalCost().subtract(s.oldTotal());
      if (delta.signum() != 0) {
        TeamPlan plan = plans.computeIfAbsent(s.teamId(), t -> h.attach(PlanDao.class).load(t));
        uses.computeIfAbsent(s.teamId(), k -> new ArrayList<>()).addAll(QuotaConsumption.uses(plan, null,
            e.timestamp(), QuotaConsumption.Consumed.costChange(delta)));
      }
    }
    String[] ids = all.stream().map(r -> r.event().id().toString()).toArray(String[]::new);
    RerateSql.deleteLines(h, ids);
    EventSql.insertLines(h, all);
    RerateSql.updateRatings(h, all, now);
    uses.forEach((team, list) -> QuotaConsumption.apply(h, team, list, now));
    rollups.write(h);
    return chunk;
  }
}
