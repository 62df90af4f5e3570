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
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The writes of one ingest batch, three round trips whatever its size: ONE statement inserts
 * the batch's ids into {@code usage_event_ids} (the global idempotency key; sorted by id, so
 * concurrent batches that share ids lock them in the same order) and returns those that were
 * new; then the events of exactly those ids go into {@code usage_events}, and their charge
 * lines into {@code charge_lines}, each by one binary COPY (PostgreSQL routes every row to its
 * month's partition). Only the returned ids go on to quotas and rollups.
 */
final class EventSql {

  private static final String NEW_IDS = """
      INSERT INTO usage_event_ids (id, ts)
      SELECT id, ts FROM unnest(CAST(:id AS uuid[]), CAST(:ts AS timestamptz[])) AS u(id, ts)
      ORDER BY id
      ON CONFLICT (id) DO NOTHING
      RETURNING id""";

  private static final String EVENT_TABLE = """
      usage_events (id, ts, received_at, team_id, client_id, endpoint, method, source, request_model, model,
        rated_model, status_code, latency_ms, ttft_ms, streamed, lease_id, trace_id, end_user, tags, error,
        estimated, prompt_tokens, cached_prompt_tokens, cache_write_prompt_tokens, audio_prompt_tokens,
        completion_tokens, reasoning_tokens, audio_completion_tokens, product_id, subtotal, markup_percent, markup,
        total_cost, currency, unpriced, price_effective_from, rated_at, service_tier, billing_month)""";
  private static final int EVENT_COLUMNS = 39;

  private static final String LINE_TABLE =
      "charge_lines (event_id, event_ts, element, quantity, unit_price, per, amount, price_id, service_tier)";
  private static final int LINE_COLUMNS = 9;
  /** About what a row takes in the binary COPY (a little more than typical), to size its buffer once. */
  private static final int EVENT_ROW_BYTES = 640;
  private static final int LINE_ROW_BYTES = 160;

  private EventSql() {}

  /**
   * Inserts the events (sorted by id by the caller) whose ids are new, each billed to its
   * month, with their charge lines, and returns the ids that were new.
   */
  static Set<UUID> insert(Handle h, UUID teamId, UUID clientId, Instant now, List<RatedEvent> rows,
      BillingMonths billing) {
    String[] ids = new String[rows.size()];
    String[] times = new String[rows.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rows.get(i).event().id().toString();
      times[i] = rows.get(i).event().timestamp().toString();
    }
    Set<UUID> fresh = new HashSet<>(h.createQuery(NEW_IDS).bind("id", ids).bind("ts", times)
        .mapTo(UUID.class).list());
    if (fresh.isEmpty()) {
      return fresh;
    }
    int lineCount = 0;
    for (RatedEvent row : rows) {
      lineCount += fresh.contains(row.event().id()) ? row.rating().lines().size() : 0;
    }
    BinaryCopy events = new BinaryCopy(fresh.size() * EVENT_ROW_BYTES);
    BinaryCopy lines = new BinaryCopy(lineCount * LINE_ROW_BYTES);
    for (RatedEvent row : rows) {
      IngestEvent e = row.event();
      if (!fresh.contains(e.id())) {
        continue;
      }
      var q = e.quantities();
      var r = row.rating();
      events.row(EVENT_COLUMNS).uuid(e.id()).timestamptz(e.timestamp()).timestamptz(now).uuid(teamId)
          .uuid(clientId).text(e.endpoint()).text(e.method()).text(row.source()).text(e.requestModel())
          .text(e.model()).text(e.ratedModel()).int4(e.statusCode()).int4(e.latencyMs()).int4(e.ttftMs())
          .bool(e.streamed()).uuid(e.leaseId()).text(e.traceId()).text(e.endUser()).jsonb(e.tagsJson())
          .jsonb(e.errorJson()).bool(e.estimated()).int8(q.promptTokens()).int8(q.cachedPromptTokens())
          .int8(q.cacheWritePromptTokens()).int8(q.audioPromptTokens()).int8(q.completionTokens())
          .int8(q.reasoningTokens()).int8(q.audioCompletionTokens()).uuid(row.productId()).numeric(r.subtotal())
          .numeric(r.markupPercent()).numeric(r.markup()).numeric(r.totalCost()).text(r.currency())
          .bool(r.unpriced()).timestamptz(r.priceEffectiveFrom().orElse(null)).timestamptz(now)
          .text(e.serviceTier()).date(billing.of(e.timestamp()));
      addLines(lines, row);
    }
    copy(h, events, EVENT_TABLE);
    copy(h, lines, LINE_TABLE);
    return fresh;
  }

  /** Inserts the charge lines of {@code rows} (events already stored: re-rating). */
  static void insertLines(Handle h, List<RatedEvent> rows) {
    BinaryCopy lines = new BinaryCopy(rows.stream().mapToInt(row -> row.rating().lines().size()).sum() * LINE_ROW_BYTES);
    rows.forEach(row -> addLines(lines, row));
    copy(h, lines, LINE_TABLE);
  }

  private static void copy(Handle h, BinaryCopy rows, String table) {
    if (rows.rows() == 0) {
      return;
    }
    try {
      rows.copyInto(h.getConnection(), table);
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException("COPY " + table, e, null);
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
