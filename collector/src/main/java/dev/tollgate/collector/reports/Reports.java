package dev.tollgate.collector.reports;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.common.Cursors;
import dev.tollgate.collector.common.LatencyHistogram;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The reports, from a caller and the query parameters of {@code /v1/reports/*}: the one place
 * that reads them and runs the report, used by {@link ReportsResource} and by the web console,
 * so that a page and the API answer the same figures for the same parameters. Each method
 * returns the API's response: a JSON entity, or a CSV attachment when {@code format=csv}.
 */
public final class Reports {

  static final Set<String> TRANSACTIONS = with(ReportParams.COMMON, "limit", "cursor");
  static final Set<String> USAGE = with(ReportParams.COMMON, "group_by");
  static final Set<String> PERFORMANCE = with(ReportParams.COMMON, "group_by", "interval");
  /**
   * How the performance report's percentiles were computed: {@code exact}, or {@code histogram;
   * max-relative-error=0.0078125} (the daily latency histograms, for ranges of many calls).
   */
  public static final String PERCENTILES_HEADER = "Tollgate-Percentiles";
  static final Set<String> CHARGEBACK = Set.of("month", "currency", "team_id", "format");
  static final Set<String> FOCUS = Set.of("month", "format");

  private final ReportScopes scopes;
  private final TransactionsReport transactions;
  private final UsageReport usage;
  private final PerformanceReport performance;
  private final ChargebackReport chargeback;
  private final FocusExport focus;

  Reports(ReportScopes scopes, TransactionsReport transactions, UsageReport usage, PerformanceReport performance,
      ChargebackReport chargeback, FocusExport focus) {
    this.focus = focus;
    this.scopes = scopes;
    this.transactions = transactions;
    this.usage = usage;
    this.performance = performance;
    this.chargeback = chargeback;
  }

  /** {@code GET /v1/reports/transactions}: a page of the log, newest first, or all of it as CSV. */
  public Response transactions(Caller caller, MultivaluedMap<String, String> query) {
    ReportParams params = new ReportParams(query, TRANSACTIONS);
    boolean csv = params.csv();
    int limit = Cursors.limit(params.single("limit").map(Reports::integer).orElse(null));
    Optional<TransactionsReport.Keyset> after = params.single("cursor").map(TransactionsReport.Keyset::decode);
    ReportFilter filter = scopes.filter(caller, params);
    if (csv) {
      return CsvResponses.attachment(CsvResponses.filename("transactions", filter.from(), filter.to()),
          TransactionItem.CSV_HEADER,
          printer -> transactions.stream(filter, after, CsvResponses.printing(printer, TransactionItem::csvRow)));
    }
    return json(transactions.page(filter, limit, after));
  }

  /** {@code GET /v1/reports/transactions/{id}}: one event with its charge lines; 404 when unknown or out of scope. */
  public Response transaction(Caller caller, String id, MultivaluedMap<String, String> query) {
    boolean csv = new ReportParams(query, Set.of("format")).csv();
    // An id that is not a UUID cannot name an event: 404 like any unknown id.
    TransactionDetail found = ReportScopes.uuid(id)
        .flatMap(eventId -> transactions.detail(eventId,
            caller.isClient() ? Optional.of(caller.requireTeamId()) : Optional.empty()))
        .orElseThrow(() -> ProblemException.notFound("transaction"));
    if (csv) {
      return CsvResponses.attachment("tollgate-transaction-" + found.id() + ".csv", TransactionCsv.HEADER,
          printer -> TransactionCsv.write(found, printer));
    }
    return json(found);
  }

  /** {@code GET /v1/reports/usage}: tokens and cost grouped by the {@code group_by} keys. */
  public Response usage(Caller caller, MultivaluedMap<String, String> query) {
    ReportParams params = new ReportParams(query, USAGE);
    boolean csv = params.csv();
    Grouping grouping = Grouping.parse(params.values("group_by"), Grouping.USAGE_KEYS, true);
    ReportFilter filter = scopes.filter(caller, params);
    ReportTable table = usage.run(filter, grouping);
    return csv ? CsvResponses.table(CsvResponses.filename("usage", filter.from(), filter.to()), table)
        : json(new Page<>(table.rows(), null));
  }

  /** {@code GET /v1/reports/performance}: latency percentiles and error rates, optionally over time. */
  public Response performance(Caller caller, MultivaluedMap<String, String> query) {
    ReportParams params = new ReportParams(query, PERFORMANCE);
    boolean csv = params.csv();
    Grouping grouping = Grouping.parse(params.values("group_by"), Grouping.PERFORMANCE_KEYS, false);
    Optional<String> interval = params.single("interval");
    if (interval.isPresent() && !Set.of("hour", "day").contains(interval.get())) {
      throw ProblemException.badRequest("interval must be hour or day", "interval");
    }
    ReportFilter filter = scopes.filter(caller, params);
    PerformanceReport.Result result = performance.run(filter, grouping, interval);
    ReportTable table = result.table();
    Response response = csv ? CsvResponses.table(CsvResponses.filename("performance", filter.from(), filter.to()), table)
        : json(new Page<>(table.rows(), null));
    return Response.fromResponse(response).header(PERCENTILES_HEADER, result.fromHistograms()
        ? "histogram; max-relative-error=" + LatencyHistogram.MAX_RELATIVE_ERROR : "exact").build();
  }

  /** {@code GET /v1/reports/chargeback}: a month's statement per team, to the cent. */
  public Response chargeback(Caller caller, MultivaluedMap<String, String> query) {
    ReportParams params = new ReportParams(query, CHARGEBACK);
    boolean csv = params.csv();
    YearMonth month = month(params.single("month").orElseThrow(() -> ProblemException.invalid("month", "is required")));
    String currency = params.single("currency").orElse("USD");
    if (!currency.matches("[A-Z]{3}")) {
      throw ProblemException.badRequest("currency must be an ISO 4217 code such as USD", "currency");
    }
    Optional<List<UUID>> teams = ReportScopes.teams(caller, params.uuids("team_id"));
    Chargeback statement = teams.isEmpty() ? new Chargeback(month.toString(), currency, List.of())
        : chargeback.run(month, currency, teams.get());
    if (csv) {
      return CsvResponses.attachment("tollgate-chargeback-" + month + ".csv", Chargeback.CSV_HEADER, printer -> {
        for (Chargeback.Team team : statement.teams()) {
          for (Chargeback.Line line : team.lines()) {
            printer.printRecord(statement.month(), statement.currency(), team.teamId(), team.team(), team.total(),
                line.product(), line.model(), line.requests(), line.promptTokens(), line.completionTokens(),
                line.cost());
          }
        }
      });
    }
    return json(statement);
  }

  /** {@code GET /v1/reports/focus}: the month as a FinOps FOCUS 1.2 file, CSV only (finance and admin). */
  public Response focus(Caller caller, MultivaluedMap<String, String> query) {
    if (caller.isClient()) {
      throw ProblemException.forbidden("The FOCUS file covers every team: finance and admin only");
    }
    ReportParams params = new ReportParams(query, FOCUS);
    if (!params.single("format").orElse("csv").equalsIgnoreCase("csv")) {
      throw ProblemException.badRequest("format must be csv: FOCUS is a CSV file", "format");
    }
    YearMonth month = month(params.single("month").orElseThrow(() -> ProblemException.invalid("month", "is required")));
    return CsvResponses.attachment("tollgate-focus-" + month + ".csv", FocusExport.COLUMNS,
        printer -> focus.write(month, printer));
  }

  /** A {@code YYYY-MM} parameter, or a 400 naming {@code month}. */
  public static YearMonth month(String value) {
    try {
      if (!value.matches("\\d{4}-\\d{2}")) {
        throw new DateTimeParseException("not YYYY-MM", value, 0);
      }
      return YearMonth.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest("month must be YYYY-MM", "month");
    }
  }

  private static Integer integer(String value) {
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("limit must be an integer", "limit");
    }
  }

  private static Response json(Object entity) {
    return Response.ok(entity, MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static Set<String> with(Set<String> base, String... more) {
    Set<String> all = new HashSet<>(base);
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }
}
