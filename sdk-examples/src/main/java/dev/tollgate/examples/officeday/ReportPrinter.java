package dev.tollgate.examples.officeday;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Prints the collector's reports as the finance and operations teams would read them. */
final class ReportPrinter {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final AdminClient admin;
  private final PrintStream out;
  private final Map<String, String> range;

  ReportPrinter(AdminClient admin, PrintStream out, Instant from, Instant to) {
    this.admin = admin;
    this.out = out;
    this.range = Map.of("from", from.toString(), "to", to.toString());
  }

  void lastTransactions(int count) {
    Table table = new Table("Last " + count + " transactions (GET /v1/reports/transactions)",
        "time (UTC)", "team", "client", "model", "status", "latency", "prompt", "completion", "cost (USD)");
    JsonNode items = admin.get("/v1/reports/transactions", with("limit", String.valueOf(count))).path("items");
    for (JsonNode t : items) {
      table.row(TIME.format(Instant.parse(t.path("timestamp").asText())), t.path("team").asText(),
          t.path("client_name").asText(t.path("client").asText()), t.path("model").asText(), t.path("status_code").asInt(),
          t.path("latency_ms").asLong() + " ms", t.path("prompt_tokens").asLong(),
          t.path("completion_tokens").asLong(), money(t.path("total_cost"), 8));
    }
    table.print(out);
  }

  void usageByTeamAndModel() {
    Table table = new Table("Usage and cost by team and model (GET /v1/reports/usage?group_by=team,model)",
        "team", "model", "requests", "errors", "prompt", "completion", "total tokens", "cost (USD)");
    for (JsonNode u : admin.get("/v1/reports/usage", with("group_by", "team,model")).path("items")) {
      table.row(u.path("team").asText(), u.path("model").asText(), u.path("requests").asLong(),
          u.path("errors").asLong(), u.path("prompt_tokens").asLong(), u.path("completion_tokens").asLong(),
          u.path("total_tokens").asLong(), money(u.path("cost"), 6));
    }
    table.print(out);
  }

  void latencyByClient() {
    Table table = new Table("Latency by client (GET /v1/reports/performance?group_by=client)",
        "client", "requests", "errors", "avg", "p95", "ttft p95");
    for (JsonNode p : admin.get("/v1/reports/performance", with("group_by", "client")).path("items")) {
      table.row(p.path("client").asText(p.path("client_id").asText()), p.path("requests").asLong(),
          p.path("errors").asLong(), ms(p.path("latency_avg_ms")), ms(p.path("latency_p95_ms")),
          ms(p.path("ttft_p95_ms")));
    }
    table.print(out);
  }

  void chargeback(YearMonth month) {
    JsonNode report = admin.get("/v1/reports/chargeback", Map.of("month", month.toString()));
    Table table = new Table("Chargeback for " + month + " (GET /v1/reports/chargeback?month=" + month + ")",
        "team", "product", "model", "requests", "cost", "team total");
    for (JsonNode team : report.path("teams")) {
      boolean first = true;
      for (JsonNode line : team.path("lines")) {
        table.row(first ? team.path("team").asText() : "", line.path("product").asText(), line.path("model").asText(),
            line.path("requests").asLong(), "$" + line.path("cost").asText(),
            first ? "$" + team.path("total").asText() : "");
        first = false;
      }
    }
    table.print(out);
  }

  /** The key the collector minted for each team: the applications held these, never the organisation's. */
  void mintedKeys(String providerKeyId) {
    Map<String, String> teams = new java.util.HashMap<>();
    admin.get("/v1/admin/teams", Map.of("limit", "100")).path("items")
        .forEach(t -> teams.put(t.path("id").asText(), t.path("name").asText()));
    String path = "/v1/admin/provider-keys/" + providerKeyId + "/minted-keys";
    Table table = new Table("Keys minted per team (GET " + path + ")",
        "team", "service account", "key", "state", "rotates at (UTC)");
    for (JsonNode k : admin.get(path, Map.of()).path("items")) {
      table.row(teams.getOrDefault(k.path("team_id").asText(), k.path("team_id").asText()),
          k.path("service_account").asText(), k.path("api_key_hint").asText(), k.path("state").asText(),
          TIME.format(Instant.parse(k.path("rotate_at").asText())));
    }
    table.print(out);
  }

  private Map<String, String> with(String key, String value) {
    Map<String, String> query = new java.util.LinkedHashMap<>(range);
    query.put(key, value);
    return query;
  }

  private static String money(JsonNode amount, int scale) {
    if (amount.isMissingNode() || amount.isNull()) {
      return "";
    }
    return new BigDecimal(amount.asText()).setScale(scale, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String ms(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return "";
    }
    return new BigDecimal(value.asText()).setScale(0, RoundingMode.HALF_EVEN).toPlainString() + " ms";
  }
}
