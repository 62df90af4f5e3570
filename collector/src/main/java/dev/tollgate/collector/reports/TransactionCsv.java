package dev.tollgate.collector.reports;

import java.io.IOException;

/**
 * One transaction as CSV: one row per charge line, each carrying the event's columns (one row if it has none).
 * The event's {@code service_tier} and the line's {@code charge_service_tier} come last, after the line's columns.
 */
final class TransactionCsv {

  static final String[] HEADER = {"id", "timestamp", "team_id", "team", "client", "source", "model", "status_code",
      "latency_ms", "prompt_tokens", "cached_prompt_tokens", "completion_tokens", "subtotal", "markup_percent",
      "markup", "total_cost", "currency", "unpriced", "estimated", "price_effective_from", "element", "quantity",
      "unit_price", "per", "amount", "service_tier", "charge_service_tier"};

  private TransactionCsv() {}

  static void write(TransactionDetail d, CsvRows printer) throws IOException {
    Object[] event = {d.id(), d.timestamp(), d.teamId(), d.team(), d.client(), d.source(), d.model(), d.statusCode(),
        d.latencyMs(), d.promptTokens(), d.cachedPromptTokens(), d.completionTokens(), d.subtotal(),
        d.markupPercent(), d.markup(), d.totalCost(), d.currency(), d.unpriced(), d.estimated(),
        d.priceEffectiveFrom()};
    if (d.charges().isEmpty()) {
      printer.printRecord(concat(event, new Object[] {null, null, null, null, null, d.serviceTier(), null}));
    }
    for (TransactionDetail.Charge c : d.charges()) {
      printer.printRecord(concat(event, new Object[] {c.element(), c.quantity(), c.unitPrice(), c.per(), c.amount(),
          d.serviceTier(), c.serviceTier()}));
    }
  }

  private static Object[] concat(Object[] a, Object[] b) {
    Object[] out = new Object[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
