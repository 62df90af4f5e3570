package dev.tollgate.collector.reports;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The monthly chargeback statement, read from the daily rollup (a month is at most a few
 * thousand rollup rows per team, never the month's events) by billing month: the events
 * dated in the month plus those dated in a closed month before it that arrived after the close,
 * so a closed month's statement never changes. Lines are per product and model,
 * sorted by product name (no product first) then model; that order decides rounding ties.
 * Teams are sorted by name.
 */
final class ChargebackReport {

  private final Jdbi jdbi;

  ChargebackReport(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  private record Row(UUID teamId, String team, String product, String model, BigInteger requests,
      BigInteger promptTokens, BigInteger completionTokens, BigDecimal cost) {}

  /**
   * @param teams the teams to include; empty for every team
   */
  Chargeback run(YearMonth month, String currency, List<UUID> teams) {
    ReportSql sql = new ReportSql();
    String text = "SELECT d.team_id, t.name AS team_name, p.name AS product_name, d.model, "
        + "sum(d.requests) AS requests, sum(d.prompt_tokens) AS prompt_tokens, "
        + "sum(d.completion_tokens) AS completion_tokens, sum(d.cost) AS cost "
        + "FROM usage_daily d JOIN teams t ON t.id = d.team_id LEFT JOIN products p ON p.id = d.product_id "
        + "WHERE d.billing_month = " + sql.bind(month.atDay(1))
        + " AND d.currency = " + sql.bind(currency)
        + (teams.isEmpty() ? "" : " AND " + sql.in("d.team_id", teams))
        + " GROUP BY d.team_id, t.name, d.product_id, p.name, d.model";
    List<Row> rows = jdbi.withHandle(h -> sql.query(h, text)
        .map((rs, ctx) -> new Row(TransactionsReport.uuid(rs, "team_id"), rs.getString("team_name"),
            rs.getString("product_name"), UsageReport.emptyToNull(rs.getString("model")),
            UsageReport.count(rs, "requests"), UsageReport.count(rs, "prompt_tokens"),
            UsageReport.count(rs, "completion_tokens"), rs.getBigDecimal("cost")))
        .list());

    Map<UUID, List<Row>> byTeam = new LinkedHashMap<>();
    rows.stream()
        .sorted(Comparator.comparing(Row::team).thenComparing(r -> r.teamId().toString())
            .thenComparing(Row::product, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Row::model, Comparator.nullsFirst(Comparator.naturalOrder())))
        .forEach(r -> byTeam.computeIfAbsent(r.teamId(), id -> new ArrayList<>()).add(r));

    List<Chargeback.Team> out = new ArrayList<>();
    for (List<Row> lines : byTeam.values()) {
      ChargebackRounding.Allocation allocation = ChargebackRounding.allocate(lines.stream().map(Row::cost).toList());
      List<Chargeback.Line> rounded = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        Row r = lines.get(i);
        rounded.add(new Chargeback.Line(r.product(), r.model(), r.requests(), r.promptTokens(), r.completionTokens(),
            allocation.lines().get(i).toPlainString()));
      }
      out.add(new Chargeback.Team(lines.get(0).teamId(), lines.get(0).team(), allocation.total().toPlainString(),
          rounded));
    }
    return new Chargeback(month.toString(), currency, out);
  }
}
