package dev.tollgate.collector.usage;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.common.Transactions;
import dev.tollgate.collector.periods.BillingMonths;
import dev.tollgate.collector.pricing.PriceBook;
import dev.tollgate.collector.pricing.PriceBookCache;
import dev.tollgate.collector.pricing.Quantities;
import dev.tollgate.collector.pricing.Rating;
import dev.tollgate.collector.pricing.RatingEngine;
import dev.tollgate.collector.quota.PlanDao;
import dev.tollgate.collector.quota.Quota;
import dev.tollgate.collector.quota.QuotaConsumption;
import dev.tollgate.collector.quota.TeamPlan;
import dev.tollgate.collector.quota.Unit;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
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

  /** One stored event as re-rating needs it. */
  private record Stored(IngestEvent event, UUID teamId, UUID clientId, String source, UUID productId,
      BigDecimal markupPercent, BigDecimal oldTotal, String oldCurrency, LocalDate billingMonth) {}

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
    List<Stored> chunk = select(h, from, to, model, afterTs, afterId);
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
      Rating rating = RatingEngine.rate(book, e.ratedModel(), e.quantities(), e.timestamp(), s.markupPercent());
      RatedEvent rerated = new RatedEvent(e, s.source(), s.productId(), rating);
      RatedEvent before = new RatedEvent(e, s.source(), s.productId(), new Rating(List.of(), BigDecimal.ZERO,
          s.markupPercent(), BigDecimal.ZERO, s.oldTotal(), s.oldCurrency(), false, Optional.empty()));
      rollups.add(s.teamId(), s.clientId(), before, s.oldTotal(), -1, s.billingMonth());
      rollups.add(s.teamId(), s.clientId(), rerated, rating.totalCost(), 1, s.billingMonth());
      all.add(rerated);
      BigDecimal delta = rating.totalCost().subtract(s.oldTotal());
      if (delta.signum() != 0) {
        TeamPlan plan = plans.computeIfAbsent(s.teamId(), t -> PlanDao.load(h, t));
        for (Quota q : plan.quotasAt(e.timestamp())) {
          if (q.unit() == Unit.COST) {
            uses.computeIfAbsent(s.teamId(), k -> new ArrayList<>())
                .add(new QuotaConsumption.Use(null, q.id(), q.period().start(e.timestamp()), delta));
          }
        }
      }
    }
    String[] ids = all.stream().map(r -> r.event().id().toString()).toArray(String[]::new);
    h.createUpdate("DELETE FROM charge_lines WHERE event_id = ANY(CAST(:ids AS uuid[]))").bind("ids", ids).execute();
    EventWriter.insertLines(h, all);
    update(h, all, now);
    uses.forEach((team, list) -> QuotaConsumption.apply(h, team, list, now));
    rollups.write(h);
    return chunk;
  }

  private static void update(Handle h, List<RatedEvent> rows, Instant now) {
    int n = rows.size();
    String[][] c = new String[7][n];
    for (int i = 0; i < n; i++) {
      Rating r = rows.get(i).rating();
      c[0][i] = rows.get(i).event().id().toString();
      c[1][i] = r.subtotal().toPlainString();
      c[2][i] = r.markup().toPlainString();
      c[3][i] = r.totalCost().toPlainString();
      c[4][i] = r.currency();
      c[5][i] = Boolean.toString(r.unpriced());
      c[6][i] = r.priceEffectiveFrom().map(Instant::toString).orElse(null);
    }
    h.createUpdate("""
            UPDATE usage_events e SET subtotal = u.subtotal, markup = u.markup, total_cost = u.total,
              currency = u.currency, unpriced = u.unpriced, price_effective_from = u.eff, rated_at = :now
            FROM unnest(CAST(:id AS uuid[]), CAST(:subtotal AS numeric[]), CAST(:markup AS numeric[]),
              CAST(:total AS numeric[]), CAST(:currency AS text[]), CAST(:unpriced AS boolean[]),
              CAST(:eff AS timestamptz[])) AS u(id, subtotal, markup, total, currency, unpriced, eff)
            WHERE e.id = u.id""")
        .bind("id", c[0]).bind("subtotal", c[1]).bind("markup", c[2]).bind("total", c[3]).bind("currency", c[4])
        .bind("unpriced", c[5]).bind("eff", c[6]).bind("now", now).execute();
  }

  private static List<Stored> select(Handle h, Instant from, Instant to, String model, Instant afterTs, UUID afterId) {
    String modelFilter = model == null || model.isBlank() ? ""
        : model.endsWith("*") ? " AND starts_with(rated_model, :prefix)" : " AND rated_model = :model";
    String cursor = afterTs == null ? "" : " AND (ts, id) > (:afterTs, :afterId)";
    var query = h.createQuery("""
            SELECT id, ts, team_id, client_id, endpoint, source, rated_model, status_code, product_id, markup_percent,
                   total_cost, currency, prompt_tokens, cached_prompt_tokens, cache_write_prompt_tokens,
                   audio_prompt_tokens, completion_tokens, reasoning_tokens, audio_completion_tokens, billing_month
            FROM usage_events WHERE ts >= :from AND ts < :to""" + modelFilter + cursor
            + " ORDER BY ts, id LIMIT " + CHUNK + " FOR UPDATE")
        .bind("from", from).bind("to", to);
    if (!modelFilter.isEmpty()) {
      if (model.endsWith("*")) {
        query.bind("prefix", model.substring(0, model.length() - 1));
      } else {
        query.bind("model", model);
      }
    }
    if (afterTs != null) {
      query.bind("afterTs", afterTs).bind("afterId", afterId);
    }
    return query.map((rs, ctx) -> {
      Quantities q = new Quantities(rs.getLong("prompt_tokens"), rs.getLong("cached_prompt_tokens"),
          rs.getLong("cache_write_prompt_tokens"), rs.getLong("audio_prompt_tokens"), rs.getLong("completion_tokens"),
          rs.getLong("reasoning_tokens"), rs.getLong("audio_completion_tokens"));
      IngestEvent e = new IngestEvent(rs.getObject("id", UUID.class),
          rs.getObject("ts", OffsetDateTime.class).toInstant(), rs.getString("endpoint"), null, null,
          rs.getString("rated_model"), rs.getInt("status_code"), 0, null, false, null, null, null, q, false, null,
          "{}");
      return new Stored(e, rs.getObject("team_id", UUID.class), rs.getObject("client_id", UUID.class),
          rs.getString("source"), rs.getObject("product_id", UUID.class), rs.getBigDecimal("markup_percent"),
          rs.getBigDecimal("total_cost"), rs.getString("currency"), rs.getObject("billing_month", LocalDate.class));
    }).list();
  }
}
