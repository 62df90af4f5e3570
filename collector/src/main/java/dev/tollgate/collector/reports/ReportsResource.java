package dev.tollgate.collector.reports;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Cursors;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /v1/reports}: the transaction log, usage, performance and chargeback, as JSON or
 * CSV, and the FOCUS file. Finance and admin read every team; a client token reads its own
 * team only, and no FOCUS file.
 */
@Path("/v1/reports")
public final class ReportsResource {

  private static final Set<String> TRANSACTIONS = with(ReportParams.COMMON, "limit", "cursor");
  private static final Set<String> USAGE = with(ReportParams.COMMON, "group_by");
  private static final Set<String> PERFORMANCE = with(ReportParams.COMMON, "group_by", "interval");
  private static final Set<String> CHARGEBACK = Set.of("month", "currency", "team_id", "format");
  private static final Set<String> FOCUS = Set.of("month", "format");

  private final ReportScopes scopes;
  private final TransactionsReport transactions;
  private final UsageReport usage;
  private final PerformanceReport performance;
  private final ChargebackReport chargeback;
  private final FocusExport focus;

  ReportsResource(ReportScopes scopes, TransactionsReport transactions, UsageReport usage,
      PerformanceReport performance, ChargebackReport chargeback, FocusExport focus) {
    this.scopes = scopes;
    this.transactions = transactions;
    this.usage = usage;
    this.performance = performance;
    this.chargeback = chargeback;
    this.focus = focus;
  }

  @GET
  @Path("transactions")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME, Role.CLIENT_NAME})
  public Response transactions(@Auth Caller caller, @Context UriInfo uri) {
    ReportParams params = new ReportParams(uri.getQueryParameters(), TRANSACTIONS);
    boolean csv = params.csv();
    int limit = Cursors.limit(params.single("limit").map(ReportsResource::integer).orElse(null));
    Optional<TransactionsReport.Keyset> after = params.single("cursor").map(TransactionsReport.Keyset::decode);
    ReportFilter filter = scopes.filter(caller, params);
    if (csv) {
      return CsvResponses.attachment(CsvResponses.filename("transactions", filter.from(), filter.to()),
          TransactionItem.CSV_HEADER,
          printer -> transactions.stream(filter, after, CsvResponses.printing(printer, TransactionItem::csvRow)));
    }
    return json(transactions.page(filter, limit, after));
  }

  @GET
  @Path("transactions/{id}")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME, Role.CLIENT_NAME})
  public Response transaction(@Auth Caller caller, @PathParam("id") String id, @Context UriInfo uri) {
    boolean csv = new ReportParams(uri.getQueryParameters(), Set.of("format")).csv();
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

  @GET
  @Path("usage")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME, Role.CLIENT_NAME})
  public Response usage(@Auth Caller caller, @Context UriInfo uri) {
    ReportParams params = new ReportParams(uri.getQueryParameters(), USAGE);
    boolean csv = params.csv();
    Grouping grouping = Grouping.parse(params.values("group_by"), Grouping.USAGE_KEYS, true);
    ReportFilter filter = scopes.filter(caller, params);
    ReportTable table = usage.run(filter, grouping);
    return csv ? CsvResponses.table(CsvResponses.filename("usage", filter.from(), filter.to()), table)
        : json(new Page<>(table.rows(), null));
  }

  @GET
  @Path("performance")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME, Role.CLIENT_NAME})
  public Response performance(@Auth Caller caller, @Context UriInfo uri) {
    ReportParams params = new ReportParams(uri.getQueryParameters(), PERFORMANCE);
    boolean csv = params.csv();
    Grouping grouping = Grouping.parse(params.values("group_by"), Grouping.PERFORMANCE_KEYS, false);
    Optional<String> interval = params.single("interval");
    if (interval.isPresent() && !Set.of("hour", "day").contains(interval.get())) {
      throw ProblemException.badRequest("interval must be hour or day", "interval");
    }
    ReportFilter filter = scopes.filter(caller, params);
    ReportTable table = performance.run(filter, grouping, interval);
    return csv ? CsvResponses.table(CsvResponses.filename("performance", filter.from(), filter.to()), table)
        : json(new Page<>(table.rows(), null));
  }

  @GET
  @Path("chargeback")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME, Role.CLIENT_NAME})
  public Response chargeback(@Auth Caller caller, @Context UriInfo uri) {
    ReportParams params = new ReportParams(uri.getQueryParameters(), CHARGEBACK);
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

  /** The month as a FinOps FOCUS 1.2 file: CSV only, every team (finance and admin). */
  @GET
  @Path("focus")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Response focus(@Auth Caller caller, @Context UriInfo uri) {
    ReportParams params = new ReportParams(uri.getQueryParameters(), FOCUS);
    if (!params.single("format").orElse("csv").equalsIgnoreCase("csv")) {
      throw ProblemException.badRequest("format must be csv: FOCUS is a CSV file", "format");
    }
    YearMonth month = month(params.single("month").orElseThrow(() -> ProblemException.invalid("month", "is required")));
    return CsvResponses.attachment("tollgate-focus-" + month + ".csv", FocusExport.COLUMNS,
        printer -> focus.write(month, printer));
  }

  private static YearMonth month(String value) {
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
