package dev.tollgate.collector.usage;

import dev.tollgate.collector.periods.BillingMonths;
import dev.tollgate.collector.pricing.ChargeLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The set-based writes of one ingest batch: all events in one {@code INSERT ... SELECT FROM
 * unnest(...) ON CONFLICT (id) DO NOTHING RETURNING id} (sorted by id, so concurrent
 * batches that share ids lock them in the same order), then the charge lines of the
 * inserted events in one more. Only the returned ids go on to lines, quotas and rollups.
 */
final class EventSql {

  private static final String INSERT_EVENTS = """
      INSERT INTO usage_events (id, ts, received_at, team_id, client_id, endpoint, method, source,
        request_model, model, rated_model, status_code, latency_ms, ttft_ms, streamed, lease_id, trace_id,
        end_user, tags, error, estimated, prompt_tokens, cached_prompt_tokens, cache_write_prompt_tokens,
        audio_prompt_tokens, completion_tokens, reasoning_tokens, audio_completion_tokens, product_id,
        subtotal, markup_percent, markup, total_cost, currency, unpriced, price_effective_from, rated_at,
        service_tier, billing_month)
      SELECT u.id, u.ts, :now, :team, :client, u.endpoint, u.method, u.source,
        u.request_model, u.model, u.rated_model, u.status_code, u.latency_ms, u.ttft_ms, u.streamed, u.lease_id,
        u.trace_id, u.end_user, CAST(u.tags AS jsonb), CAST(u.error AS jsonb), u.estimated, u.p, u.cp, u.cwp,
        u.ap, u.c, u.r, u.ac, u.product_id, u.subtotal, u.markup_percent, u.markup, u.total_cost, u.currency,
        u.unpriced, u.price_effective_from, :now, u.service_tier, u.billing_month
      FROM unnest(CAST(:id AS uuid[]), CAST(:ts AS timestamptz[]), CAST(:endpoint AS text[]),
        CAST(:method AS text[]), CAST(:source AS text[]), CAST(:request_model AS text[]), CAST(:model AS text[]),
        CAST(:rated_model AS text[]), CAST(:status_code AS int[]), CAST(:latency_ms AS int[]),
        CAST(:ttft_ms AS int[]), CAST(:streamed AS boolean[]), CAST(:lease_id AS uuid[]), CAST(:trace_id AS text[]),
        CAST(:end_user AS text[]), CAST(:tags AS text[]), CAST(:error AS text[]), CAST(:estimated AS boolean[]),
        CAST(:p AS bigint[]), CAST(:cp AS bigint[]), CAST(:cwp AS bigint[]), CAST(:ap AS bigint[]),
        CAST(:c AS bigint[]), CAST(:r AS bigint[]), CAST(:ac AS bigint[]), CAST(:product_id AS uuid[]),
        CAST(:subtotal AS numeric[]), CAST(:markup_percent AS numeric[]), CAST(:markup AS numeric[]),
        CAST(:total_cost AS numeric[]), CAST(:currency AS text[]), CAST(:unpriced AS boolean[]),
        CAST(:price_effective_from AS timestamptz[]), CAST(:service_tier AS text[]), CAST(:billing_month AS date[]))
        AS u(id, ts, endpoint, method, source, request_model, model, rated_model, status_code, latency_ms,
             ttft_ms, streamed, lease_id, trace_id, end_user, tags, error, estimated, p, cp, cwp, ap, c, r, ac,
             product_id, subtotal, markup_percent, markup, total_cost, currency, unpriced, price_effective_from,
             service_tier, billing_month)
      ORDER BY u.id
      ON CONFLICT (id) DO NOTHING
      RETURNING id""";

  private static final String INSERT_LINES = """
      INSERT INTO charge_lines (event_id, element, quantity, unit_price, per, amount, price_id, service_tier)
      SELECT * FROM unnest(CAST(:event AS uuid[]), CAST(:element AS text[]), CAST(:quantity AS bigint[]),
        CAST(:unit_price AS numeric[]), CAST(:per AS numeric[]), CAST(:amount AS numeric[]),
        CAST(:price AS uuid[]), CAST(:service_tier AS text[]))""";

  private EventSql() {}

  /** Inserts the events (sorted by id by the caller), each billed to its month, and returns the ids that were new. */
  static Set<UUID> insertEvents(Handle h, UUID teamId, UUID clientId, Instant now, List<RatedEvent> rows,
      BillingMonths billing) {
    int n = rows.size();
    String[] id = new String[n];
    String[] ts = new String[n];
    String[] endpoint = new String[n];
    String[] method = new String[n];
    String[] source = new String[n];
    String[] requestModel = new String[n];
    String[] model = new String[n];
    String[] ratedModel = new String[n];
    String[] status = new String[n];
    String[] latency = new String[n];
    String[] ttft = new String[n];
    String[] streamed = new String[n];
    String[] leaseId = new String[n];
    String[] traceId = new String[n];
    String[] endUser = new String[n];
    String[] tags = new String[n];
    String[] error = new String[n];
    String[] estimated = new String[n];
    String[][] tokens = new String[7][n];
    String[] productId = new String[n];
    String[] subtotal = new String[n];
    String[] markupPercent = new String[n];
    String[] markup = new String[n];
    String[] total = new String[n];
    String[] currency = new String[n];
    String[] unpriced = new String[n];
    String[] effective = new String[n];
    String[] billingMonth = new String[n];
    String[] serviceTier = new String[n];
    for (int i = 0; i < n; i++) {
      RatedEvent row = rows.get(i);
      IngestEvent e = row.event();
      id[i] = e.id().toString();
      ts[i] = e.timestamp().toString();
      endpoint[i] = e.endpoint();
      method[i] = e.method();
      source[i] = row.source();
      requestModel[i] = e.requestModel();
      model[i] = e.model();
      ratedModel[i] = e.ratedModel();
      status[i] = Integer.toString(e.statusCode());
      latency[i] = Integer.toString(e.latencyMs());
      ttft[i] = e.ttftMs() == null ? null : e.ttftMs().toString();
      streamed[i] = Boolean.toString(e.streamed());
      leaseId[i] = e.leaseId() == null ? null : e.leaseId().toString();
      traceId[i] = e.traceId();
      endUser[i] = e.endUser();
      tags[i] = e.tagsJson();
      error[i] = e.errorJson();
      estimated[i] = Boolean.toString(e.estimated());
      var q = e.quantities();
      tokens[0][i] = Long.toString(q.promptTokens());
      tokens[1][i] = Long.toString(q.cachedPromptTokens());
      tokens[2][i] = Long.toString(q.cacheWritePromptTokens());
      tokens[3][i] = Long.toString(q.audioPromptTokens());
      tokens[4][i] = Long.toString(q.completionTokens());
      tokens[5][i] = Long.toString(q.reasoningTokens());
      tokens[6][i] = Long.toString(q.audioCompletionTokens());
      productId[i] = row.productId() == null ? null : row.productId().toString();
      subtotal[i] = plain(row.rating().subtotal());
      markupPercent[i] = plain(row.rating().markupPercent());
      markup[i] = plain(row.rating().markup());
      total[i] = plain(row.rating().totalCost());
      currency[i] = row.rating().currency();
      unpriced[i] = Boolean.toString(row.rating().unpriced());
      effective[i] = row.rating().priceEffectiveFrom().map(Instant::toString).orElse(null);
      serviceTier[i] = e.serviceTier();
      billingMonth[i] = billing.of(e.timestamp()).toString();
    }
    Set<UUID> inserted = new HashSet<>();
    h.createQuery(INSERT_EVENTS)
        .bind("now", now).bind("team", teamId).bind("client", clientId)
        .bind("id", id).bind("ts", ts).bind("endpoint", endpoint).bind("method", method).bind("source", source)
        .bind("request_model", requestModel).bind("model", model).bind("rated_model", ratedModel)
        .bind("status_code", status).bind("latency_ms", latency).bind("ttft_ms", ttft).bind("streamed", streamed)
        .bind("lease_id", leaseId).bind("trace_id", traceId).bind("end_user", endUser).bind("tags", tags)
        .bind("error", error).bind("estimated", estimated).bind("p", tokens[0]).bind("cp", tokens[1])
        .bind("cwp", tokens[2]).bind("ap", tokens[3]).bind("c", tokens[4]).bind("r", tokens[5])
        .bind("ac", tokens[6]).bind("product_id", productId).bind("subtotal", subtotal)
        .bind("markup_percent", markupPercent).bind("markup", markup).bind("total_cost", total)
        .bind("currency", currency).bind("unpriced", unpriced).bind("price_effective_from", effective)
        .bind("service_tier", serviceTier)
        .bind("billing_month", billingMonth)
        .map((rs, ctx) -> rs.getObject(1, UUID.class))
        .forEach(inserted::add);
    return inserted;
  }

  /** Inserts the charge lines of {@code rows}. */
  static void insertLines(Handle h, List<RatedEvent> rows) {
    List<String[]> lines = new ArrayList<>();
    for (RatedEvent row : rows) {
      for (ChargeLine line : row.rating().lines()) {
        lines.add(new String[] {row.event().id().toString(), line.element().wireName(), Long.toString(line.quantity()),
            plain(line.unitPrice()), plain(line.per()), plain(line.amount()),
            line.priceId() == null ? null : line.priceId().toString(), line.serviceTier()});
      }
    }
    if (lines.isEmpty()) {
      return;
    }
    String[][] cols = new String[8][lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      for (int c = 0; c < 8; c++) {
        cols[c][i] = lines.get(i)[c];
      }
    }
    h.createUpdate(INSERT_LINES).bind("event", cols[0]).bind("element", cols[1]).bind("quantity", cols[2])
        .bind("unit_price", cols[3]).bind("per", cols[4]).bind("amount", cols[5]).bind("price", cols[6])
        .bind("service_tier", cols[7])
        .execute();
  }

  static String plain(BigDecimal value) {
    return value.toPlainString();
  }
}
