package dev.tollgate.collector.usage;

import dev.tollgate.collector.pricing.Quantities;
import dev.tollgate.collector.pricing.Rating;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The SQL of re-rating: lock a chunk of stored events, replace their charge lines, write their new rating. */
final class RerateSql {

  /** One stored event as re-rating needs it. */
  record Stored(IngestEvent event, UUID teamId, UUID clientId, String source, UUID productId,
      BigDecimal markupPercent, BigDecimal oldTotal, String oldCurrency, LocalDate billingMonth) {}

  private RerateSql() {}

  static void deleteLines(Handle h, String[] eventIds) {
    h.createUpdate("DELETE FROM charge_lines WHERE event_id = ANY(CAST(:ids AS uuid[]))").bind("ids", eventIds)
        .execute();
  }

  /** Writes each event's new rating (subtotal, markup, total, currency, unpriced, price date). */
  static void updateRatings(Handle h, List<RatedEvent> rows, Instant now) {
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

  /**
   * Locks and reads the next {@code chunk} events with {@code from <= ts < to} after the
   * cursor (ts, id), optionally of one model (exact, or a prefix ending in *).
   */
  static List<Stored> lockChunk(Handle h, Instant from, Instant to, String model, Instant afterTs, UUID afterId,
      int chunk) {
    String modelFilter = model == null || model.isBlank() ? ""
        : model.endsWith("*") ? " AND starts_with(rated_model, :prefix)" : " AND rated_model = :model";
    String cursor = afterTs == null ? "" : " AND (ts, id) > (:afterTs, :afterId)";
    var query = h.createQuery("""
            SELECT id, ts, team_id, client_id, endpoint, source, rated_model, status_code, product_id, markup_percent,
                   total_cost, currency, prompt_tokens, cached_prompt_tokens, cache_write_prompt_tokens,
                   audio_prompt_tokens, completion_tokens, reasoning_tokens, audio_completion_tokens, service_tier,
                   billing_month
            FROM usage_events WHERE ts >= :from AND ts < :to""" + modelFilter + cursor
            + " ORDER BY ts, id LIMIT " + chunk + " FOR UPDATE")
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
          "{}", rs.getString("service_tier"));
      return new Stored(e, rs.getObject("team_id", UUID.class), rs.getObject("client_id", UUID.class),
          rs.getString("source"), rs.getObject("product_id", UUID.class), rs.getBigDecimal("markup_percent"),
          rs.getBigDecimal("total_cost"), rs.getString("currency"), rs.getObject("billing_month", LocalDate.class));
    }).list();
  }
}
