package dev.tollgate.collector.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One call's drill-down: the event, every charge line, the markup and the total. */
final class TransactionPage {

  private static final List<String> FIELDS = List.of("id", "timestamp", "received_at", "team", "client",
      "client_name", "source", "endpoint", "method", "request_model", "response_model", "model", "service_tier",
      "status_code", "latency_ms", "time_to_first_token_ms", "streamed", "prompt_tokens", "cached_prompt_tokens",
      "completion_tokens", "reasoning_tokens", "trace_id", "end_user", "tags", "error", "product", "estimated",
      "unpriced");
  private static final List<String> CHARGE_COLUMNS = List.of("element", "quantity", "unit_price", "per", "amount",
      "service_tier");

  private TransactionPage() {}

  static String render(ConsoleSession session, JsonNode t) {
    StringBuilder body = new StringBuilder("<h2>Charge lines</h2>")
        .append(Html.table("charges", CHARGE_COLUMNS, t.path("charges")))
        .append("<dl class=\"detail\" id=\"totals\">")
        .append(item("subtotal", Html.text(t.get("subtotal"))))
        .append(item("markup_percent", Html.text(t.get("markup_percent"))))
        .append(item("markup", Html.text(t.get("markup"))))
        .append(item("total_cost", Html.text(t.get("total_cost")) + " " + Html.text(t.get("currency"))))
        .append(item("price_effective_from", Html.text(t.get("price_effective_from"))))
        .append(item("rated_at", Html.text(t.get("rated_at"))))
        .append("</dl><h2>Event</h2><dl class=\"detail\" id=\"event\">");
    for (String field : FIELDS) {
      JsonNode value = t.get(field);
      body.append(item(field, value != null && value.isContainerNode() ? value.toString() : Html.text(value)));
    }
    body.append("</dl><p><a href=\"/console/transactions\">Back to the transactions</a></p>");
    return Html.page("Transaction", session, "/console/transactions", body.toString());
  }

  private static String item(String name, String value) {
    return "<dt>" + Html.esc(name) + "</dt><dd id=\"f-" + Html.esc(name) + "\">" + Html.esc(value) + "</dd>";
  }
}
