package dev.tollgate.collector.usage;

import dev.tollgate.collector.infra.BinaryCopy;
import dev.tollgate.collector.periods.BillingMonths;
import dev.tollgate.collector.pricing.ChargeLine;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The set-based writes of one ingest batch. The rated events and their charge lines go by
 * binary COPY into two session-local staging tables (emptied at commit), then ONE statement
 * inserts the ids that are new into {@code usage_event_ids} (the global idempotency key, sorted
 * by id so concurrent batches that share ids lock them in the same order) and, for exactly
 * those ids, the events into {@code usage_events} and their lines into {@code charge_lines}.
 * Only the returned ids go on to quotas and rollups.
 */
final class EventSql {

  private static final String STAGING = """
      CREATE TEMP TABLE IF NOT EXISTS ingest_events (
        id UUID, ts TIMESTAMPTZ, endpoint TEXT, method TEXT, source TEXT, request_model TEXT, model TEXT,
        rated_model TEXT, status_code INT, latency_ms INT, ttft_ms INT, streamed BOOLEAN, lease_id UUID,
        trace_id TEXT, end_user TEXT, tags JSONB, error JSONB, estimated BOOLEAN, p BIGINT, cp BIGINT,
        cwp BIGINT, ap BIGINT, c BIGINT, r BIGINT, ac BIGINT, product_id UUID, subtotal NUMERIC,
        markup_percent NUMERIC, markup NUMERIC, total_cost NUMERIC, currency TEXT, unpriced BOOLEAN,
        price_effective_from TIMESTAMPTZ, service_tier TEXT, billing_month DATE) ON COMMIT DELETE ROWS;
      CREATE TEMP TABLE IF NOT EXISTS ingest_lines (
        event_id UUID, event_ts TIMESTAMPTZ, element TEXT, quantity BIGINT, unit_price NUMERIC, per NUMERIC,
        amount NUMERIC, price_id UUID, service_tier TEXT) ON COMMIT DELETE ROWS""";

  private static final int EVENT_COLUMNS = 35;
  private static final int LINE_COLUMNS = 9;
  private static final String LINE_TABLE_COLUMNS =
      "(event_id, event_ts, element, quantity, unit_price, per, amount, price_id, service_tier)";

  private static final String INSERT = """
      WITH fresh AS (
        INSERT INTO usage_event_ids (id, ts)
        SELECT id, ts FROM ingest_events ORDER BY id
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      ), events AS (
        INSERT INTO usage_events (id, ts, received_at, team_id, client_id, endpoint, method, source,
          request_model, model, rated_model, status_code, latency_ms, ttft_ms, streamed, lease_id, trace_id,
          end_user, tags, error, estimated, prompt_tokens, cached_prompt_tokens, cache_write_prompt_tokens,
          audio_prompt_tokens, completion_tokens, reasoning_tokens, audio_completion_tokens, product_id,
          subtotal, markup_percent, markup, total_cost, currency, unpriced, price_effective_from, rated_at,
          service_tier, billing_month)
        SELECT u.id, u.ts, :now, :team, :client, u.endpoint, u.method, u.source,
          u.request_model, u.model, u.rated_model, u.status_code, u.latency_ms, u.ttft_ms, u.streamed, u.lease_id,
          u.trace_id, u.end_user, u.tags, u.error, u.estimated, u.p, u.cp, u.cwp, u.ap, u.c, u.r, u.ac,
          u.product_id, u.subtotal, u.markup_percent, u.markup, u.total_cost, u.currency, u.unpriced,
          u.price_effective_from, :now, u.service_tier, u.billing_month
        FROM ingest_events u JOIN fresh f ON f.id = u.id
      ), lines AS (
        INSERT INTO charge_lines (event_id, event_ts, element, quantity, unit_price, per, amount, price_id,
          service_tier)
        SELECT l.event_id, l.event_ts, l.element, l.quantity, l.unit_price, l.per, l.amount, l.price_id,
          l.service_tier
        FROM ingest_lines l JOIN fresh f ON f.id = l.event_id
      )
      SELECT id FROM fresh""";

  private EventSql() {}

  /**
   * Inserts the events (sorted by id by the caller) that are new, each billed to its month,
   * with their charge lines, and returns the ids that were new.
   */
  static Set<UUID> insert(Handle h, UUID teamId, UUID clientId, Instant now, List<RatedEvent> rows,
      BillingMonths billing) {
    BinaryCopy events = new BinaryCopy();
    BinaryCopy lines = new BinaryCopy();
    for (RatedEvent row : rows) {
      IngestEvent e = row.event();
      var q = e.quantities();
      var r = row.rating();
      events.row(EVENT_COLUMNS).uuid(e.id()).timestamptz(e.timestamp()).text(e.endpoint()).text(e.method())
          .text(row.source()).text(e.requestModel()).text(e.model()).text(e.ratedModel()).int4(e.statusCode())
          .int4(e.latencyMs()).int4(e.ttftMs()).bool(e.streamed()).uuid(e.leaseId()).text(e.traceId())
          .text(e.endUser()).jsonb(e.tagsJson()).jsonb(e.errorJson()).bool(e.estimated())
          .int8(q.promptTokens()).int8(q.cachedPromptTokens()).int8(q.cacheWritePromptTokens())
          .int8(q.audioPromptTokens()).int8(q.completionTokens()).int8(q.reasoningTokens())
          .int8(q.audioCompletionTokens()).uuid(row.productId()).numeric(r.subtotal()).numeric(r.markupPercent())
          .numeric(r.markup()).numeric(r.totalCost()).text(r.currency()).bool(r.unpriced())
          .timestamptz(r.priceEffectiveFrom().orElse(null)).text(e.serviceTier())
          .date(billing.of(e.timestamp()));
      addLines(lines, row);
    }
    try {
      h.execute(STAGING);
      events.copyInto(h.getConnection(), "ingest_events");
      if (lines.rows() > 0) {
        lines.copyInto(h.getConnection(), "ingest_lines");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("COPY of an ingest batch failed", e);
    }
    Set<UUID> inserted = new HashSet<>();
    h.createQuery(INSERT).bind("now", now).bind("team", teamId).bind("client", clientId)
        .map((rs, ctx) -> rs.getObject(1, UUID.class))
        .forEach(inserted::add);
    return inserted;
  }

  /** Inserts the charge lines of {@code rows} (events already stored: re-rating). */
  static void insertLines(Handle h, List<RatedEvent> rows) {
    BinaryCopy lines = new BinaryCopy();
    rows.forEach(row -> addLines(lines, row));
    if (lines.rows() == 0) {
      return;
    }
    try {
      lines.copyInto(h.getConnection(), "charge_lines " + LINE_TABLE_COLUMNS);
    } catch (SQLException e) {
      throw new IllegalStateException("COPY of charge lines failed", e);
    }
  }

  private static void addLines(BinaryCopy lines, RatedEvent row) {
    for (ChargeLine line : row.rating().lines()) {
      lines.row(LINE_COLUMNS).uuid(row.event().id()).timestamptz(row.event().timestamp())
          .text(line.element().wireName()).int8(line.quantity()).numeric(line.unitPrice()).numeric(line.per())
          .numeric(line.amount()).uuid(line.priceId()).text(line.serviceTier());
    }
  }
}
