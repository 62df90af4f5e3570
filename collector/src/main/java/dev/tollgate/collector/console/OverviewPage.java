package dev.tollgate.collector.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.collector.admin.subscriptions.SubscriptionService;
import dev.tollgate.collector.pricing.PriceService;
import dev.tollgate.collector.pricing.PricingDao;
import dev.tollgate.collector.quota.LeaseService;
import dev.tollgate.collector.reports.Reports;
import dev.tollgate.collector.quota.QuotaState;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * A month at a glance: spend by team and by day, the top models, each team's quotas in force,
 * and the models seen in traffic that have no price.
 */
final class OverviewPage {

  private static final int TOP_MODELS = 10;

  private final ReportCalls calls;
  private final ConsoleSessions sessions;
  private final LeaseService quotas;
  private final PriceService prices;
  private final SubscriptionService subscriptions;

  OverviewPage(ReportCalls calls, ConsoleSessions sessions, LeaseService quotas, PriceService prices,
      SubscriptionService subscriptions) {
    this.calls = calls;
    this.sessions = sessions;
    this.quotas = quotas;
    this.prices = prices;
    this.subscriptions = subscriptions;
  }

  String render(ConsoleSession session, MultivaluedMap<String, String> page) {
    YearMonth month = month(page.getFirst("month"), calls.thisMonth());
    JsonNode teams = usage(session, month, "team");
    JsonNode days = usage(session, month, "day");
    List<JsonNode> models = new ArrayList<>();
    usage(session, month, "model").forEach(models::add);
    models.sort(Comparator.comparing((JsonNode m) -> Svg.number(Html.text(m.get("cost")))).reversed());
    List<JsonNode> top = models.subList(0, Math.min(TOP_MODELS, models.size()));

    StringBuilder body = new StringBuilder("<form method=\"get\" action=\"/console\" class=\"filters\">")
        .append(Forms.input("Month", "month", "month", month.toString()))
        .append("<button type=\"submit\" id=\"apply\">Show</button></form>")
        .append("<h2>Spend by team</h2>").append(Svg.bars("Spend by team", points(teams, "team")))
        .append(Html.table("spend-by-team", List.of("team", "requests", "total_tokens", "cost", "currency"), teams,
            new Sort("/console", page)))
        .append("<h2>Spend by day</h2>").append(Svg.line("Spend by day", points(days, "day")))
        .append(Html.table("spend-by-day", List.of("day", "requests", "cost", "currency"), days))
        .append("<h2>Top models</h2>")
        .append(Html.table("top-models", List.of("model", "requests", "total_tokens", "cost", "currency"), top,
            new Sort("/console", page)))
        .append("<h2>Quotas in force</h2>").append(Html.table("quotas", List.of("team", "unit", "period",
            "enforcement", "limit", "used", "reserved", "remaining"), quotaRows()))
        .append("<h2>Unpriced models</h2>").append(unpriced());
    return Html.page("Overview " + month, session, "/console", body.toString());
  }

  private JsonNode usage(ConsoleSession session, YearMonth month, String group) {
    MultivaluedMap<String, String> query = ReportCalls.month(month);
    query.putSingle("group_by", group);
    return calls.json(calls.reports().usage(session.caller(), query)).path("items");
  }

  private List<JsonNode> quotaRows() {
    List<JsonNode> rows = new ArrayList<>();
    java.util.Set<String> withQuotas = teamsWithQuotas();
    for (ConsoleSessionDao.TeamChoice team : sessions.teams()) {
      if (!withQuotas.contains(team.id().toString())) {
        continue;
      }
      for (QuotaState state : quotas.states(team.id())) {
        ObjectNode row = calls.tree(state.toJson());
        row.put("team", team.name());
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * The teams whose subscriptions carry quotas, as the subscriptions API lists them: one read
   * for all teams, so that the quota states are read only for those (a read per team).
   */
  private java.util.Set<String> teamsWithQuotas() {
    java.util.Set<String> out = new java.util.HashSet<>();
    String cursor = null;
    do {
      JsonNode page = calls.tree(subscriptions.list(null, "1000", cursor));
      page.path("items").forEach(s -> {
        if (!s.path("quotas").isEmpty()) {
          out.add(Html.text(s.get("team_id")));
        }
      });
      cursor = Html.text(page.get("next_cursor"));
    } while (!cursor.isEmpty());
    return out;
  }

  private String unpriced() {
    ArrayNode rows = JsonNodeFactory.instance.arrayNode();
    for (PricingDao.SeenModel model : prices.modelsSeen()) {
      if (model.unpricedEvents() > 0) {
        rows.addObject().put("model", model.model()).put("unpriced_events", model.unpricedEvents())
            .put("last_seen_at", model.lastSeenAt().toString());
      }
    }
    String flag = rows.isEmpty() ? "<p class=\"note\">Every model seen has a price.</p>"
        : "<p class=\"flag\" id=\"unpriced-flag\">" + rows.size() + " model(s) seen without a price: their calls "
            + "cost 0 until the price book has them.</p>";
    return flag + Html.table("unpriced-models", List.of("model", "unpriced_events", "last_seen_at"), rows);
  }

  private static List<Svg.Point> points(JsonNode rows, String label) {
    Function<JsonNode, Svg.Point> point = r -> new Svg.Point(Html.text(r.get(label)), Svg.number(Html.text(r.get("cost"))));
    List<Svg.Point> out = new ArrayList<>();
    rows.forEach(r -> out.add(point.apply(r)));
    return out;
  }

  static YearMonth month(String value, YearMonth fallback) {
    return value == null || value.isBlank() ? fallback : Reports.month(value);
  }
}
