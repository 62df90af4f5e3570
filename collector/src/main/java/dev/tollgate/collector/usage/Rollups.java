package dev.tollgate.collector.usage;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The daily rollups ({@code usage_daily}) of a batch, aggregated in memory and written in
 * one upsert that adds to existing rows. Rows are sent in key order so that concurrent
 * batches lock shared rows in the same order (no deadlock). Key conventions: model is the
 * rated model or '' when the event names none; product_id is the zero UUID when no
 * subscription's product includes the event's source; billing_month is the month the event is
 * billed to (its own, unless that month was closed before the event arrived). The counters are
 * NUMERIC (V7), so adding to a row never overflows however much a team uses.
 */
final class Rollups {

  static final UUID NO_PRODUCT = new UUID(0, 0);

  record Key(LocalDate day, UUID teamId, UUID clientId, UUID productId, String model, String source,
      boolean isError, String currency, LocalDate billingMonth) {}

  private static final Comparator<Key> ORDER = Comparator.comparing(Key::day).thenComparing(Key::teamId)
      .thenComparing(Key::clientId).thenComparing(Key::productId).thenComparing(Key::model)
      .thenComparing(Key::source).thenComparing(Key::isError).thenComparing(Key::currency)
      .thenComparing(Key::billingMonth);

  /** requests, seven token counts; and cost. */
  private final Map<Key, long[]> counts = new TreeMap<>(ORDER);
  private final Map<Key, BigDecimal> costs = new TreeMap<>(ORDER);

  /** Adds ({@code sign} 1) or takes out ({@code sign} -1) an event of {@code cost} billed to {@code billingMonth}. */
  void add(UUID teamId, UUID clientId, RatedEvent row, BigDecimal cost, int sign, LocalDate billingMonth) {
    IngestEvent e = row.event();
    Key key = new Key(LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC), teamId, clientId,
        row.productId() == null ? NO_PRODUCT : row.productId(), e.ratedModel() == null ? "" : e.ratedModel(),
        row.source(), e.isError(), row.rating().currency(), billingMonth);
    long[] c = counts.computeIfAbsent(key, k -> new long[8]);
    var q = e.quantities();
    long[] amounts = {1, q.promptTokens(), q.cachedPromptTokens(), q.cacheWritePromptTokens(),
        q.audioPromptTokens(), q.completionTokens(), q.reasoningTokens(), q.audioCompletionTokens()};
    for (int i = 0; i < amounts.length; i++) {
      // Checked: a batch's sums stay far below 2^63 with bounded counts; a wrap must never be written.
      c[i] = Math.addExact(c[i], Math.multiplyExact(sign, amounts[i]));
    }
    costs.merge(key, sign > 0 ? cost : cost.negate(), BigDecimal::add);
  }

  void write(Handle h) {
    List<Key> keys = counts.keySet().stream().toList();
    if (keys.isEmpty()) {
      return;
    }
    int n = keys.size();
    String[][] cols = new String[18][n];
    for (int i = 0; i < n; i++) {
      Key k = keys.get(i);
      long[] c = counts.get(k);
      cols[0][i] = k.day().toString();
      cols[1][i] = k.teamId().toString();
      cols[2][i] = k.clientId().toString();
      cols[3][i] = k.productId().toString();
      cols[4][i] = k.model();
      cols[5][i] = k.source();
      cols[6][i] = Boolean.toString(k.isError());
      cols[7][i] = k.currency();
      for (int j = 0; j < 8; j++) {
        cols[8 + j][i] = Long.toString(c[j]);
      }
      cols[16][i] = costs.get(k).toPlainString();
      cols[17][i] = k.billingMonth().toString();
    }
    RollupSql.upsert(h, cols);
  }
}
