package dev.tollgate.collector.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.periods.ClosedPeriod;
import dev.tollgate.collector.periods.PeriodService;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** A month's chargeback per team with its lines, its CSV, and (admin, ended months) closing it. */
final class ChargebackPage {

  private static final List<String> LINE_COLUMNS = List.of("product", "model", "requests", "prompt_tokens",
      "completion_tokens", "cost");

  private final ReportCalls calls;
  private final PeriodService periods;

  ChargebackPage(ReportCalls calls, PeriodService periods) {
    this.calls = calls;
    this.periods = periods;
  }

  /** The chargeback report's parameters for a page's query: its month (default this month) and currency. */
  static MultivaluedMap<String, String> csvQuery(MultivaluedMap<String, String> page, YearMonth fallback) {
    MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
    query.putSingle("month", OverviewPage.month(page.getFirst("month"), fallback).toString());
    String currency = page.getFirst("currency");
    if (currency != null && !currency.isBlank()) {
      query.putSingle("currency", currency);
    }
    query.putSingle("format", "csv");
    return query;
  }

  String render(ConsoleSession session, MultivaluedMap<String, String> page, Optional<String> notice) {
    MultivaluedMap<String, String> query = csvQuery(page, calls.thisMonth());
    query.remove("format");
    YearMonth month = YearMonth.parse(query.getFirst("month"));
    JsonNode statement = calls.json(calls.reports().chargeback(session.caller(), query));
    StringBuilder body = new StringBuilder();
    notice.ifPresent(n -> body.append("<p class=\"note\" id=\"notice\">").append(Html.esc(n)).append("</p>"));
    body.append("<form method=\"get\" action=\"/console/chargeback\" class=\"filters\">")
        .append(Forms.input("Month", "month", "month", month.toString()))
        .append(Forms.input("Currency", "currency", "text", Html.text(statement.get("currency"))))
        .append("<button type=\"submit\" id=\"apply\">Show</button></form>")
        .append("<p class=\"actions\"><a id=\"download-csv\" href=\"/console/chargeback.csv?month=").append(month)
        .append("&amp;currency=").append(Html.esc(Html.url(Html.text(statement.get("currency")))))
        .append("\">Download CSV</a><a id=\"download-focus\" href=\"/console/focus.csv?month=").append(month)
        .append("\">Download FOCUS 1.2</a></p>");
    Optional<ClosedPeriod> closed = closed(month);
    body.append("<p id=\"period-status\">").append(closed.map(c -> "Closed at " + Html.esc(c.closedAt())
        + " by " + Html.esc(c.closedBy()) + ".").orElse("Open.")).append("</p>");
    if (session.isAdmin() && closed.isEmpty() && month.isBefore(calls.thisMonth())) {
      body.append("<form method=\"post\" action=\"/console/chargeback/close\" class=\"actions\">")
          .append(Html.csrfField(session)).append("<input type=\"hidden\" name=\"month\" value=\"").append(month)
          .append("\"><button type=\"submit\" id=\"close-month\">Close ").append(month)
          .append("</button><span class=\"note\">Later events bill to the next open month.</span></form>");
    }
    body.append("<h2>Teams</h2><table id=\"chargeback-teams\"><thead><tr><th>team</th><th>total</th></tr></thead><tbody>");
    for (JsonNode team : statement.path("teams")) {
      body.append("<tr><td>").append(Html.esc(Html.text(team.get("team")))).append("</td><td>")
          .append(Html.esc(Html.text(team.get("total")))).append("</td></tr>");
    }
    body.append("</tbody></table>");
    int i = 0;
    for (JsonNode team : statement.path("teams")) {
      body.append("<h2>").append(Html.esc(Html.text(team.get("team")))).append(": ")
          .append(Html.esc(Html.text(team.get("total")))).append(' ').append(Html.esc(Html.text(statement.get("currency"))))
          .append("</h2>").append(Html.table("chargeback-lines-" + i++, LINE_COLUMNS, team.path("lines")));
    }
    return Html.page("Chargeback " + month, session, "/console/chargeback", body.toString());
  }

  String close(ConsoleSession session, String month) {
    if (month == null || !month.matches("\\d{4}-\\d{2}")) {
      throw ProblemException.badRequest("month must be YYYY-MM", "month");
    }
    ClosedPeriod closed = periods.close(session.actor(), month);
    MultivaluedMap<String, String> page = new MultivaluedHashMap<>();
    page.putSingle("month", month);
    return render(session, page, Optional.of("Closed " + closed.month() + "."));
  }

  private Optional<ClosedPeriod> closed(YearMonth month) {
    return periods.list(100, null).items().stream().filter(p -> p.month().equals(month.toString())).findFirst();
  }
}
