package dev.tollgate.collector.console;

import dev.tollgate.collector.common.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The console's pages. Each needs a live session (else it redirects to sign-in); a report's
 * refusal (a bad filter, an unknown id) becomes an HTML page with the same status and detail.
 */
@Path("/console")
public final class ConsoleResource {

  private final ConsoleSessions sessions;
  private final ReportCalls calls;
  private final OverviewPage overview;
  private final ChargebackPage chargeback;
  private final ReportPages pages;

  ConsoleResource(ConsoleSessions sessions, ReportCalls calls, OverviewPage overview, ChargebackPage chargeback) {
    this.sessions = sessions;
    this.calls = calls;
    this.overview = overview;
    this.chargeback = chargeback;
    this.pages = new ReportPages(calls, sessions);
  }

  @GET
  public Response overview(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri) {
    return page(token, s -> overview.render(s, uri.getQueryParameters()));
  }

  @GET
  @Path("transactions")
  public Response transactions(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri) {
    return page(token, s -> pages.transactions(s, uri.getQueryParameters()));
  }

  @GET
  @Path("transactions/{id}")
  public Response transaction(@CookieParam(SignInResource.COOKIE) String token, @PathParam("id") String id) {
    return page(token, s -> TransactionPage.render(s, calls.json(calls.reports().transaction(s.caller(), id,
        new MultivaluedHashMap<>()))));
  }

  @GET
  @Path("performance")
  public Response performance(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri) {
    return page(token, s -> pages.performance(s, uri.getQueryParameters()));
  }

  @GET
  @Path("usage")
  public Response usage(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri) {
    return page(token, s -> pages.usage(s, uri.getQueryParameters()));
  }

  /** Exactly the rows the usage page shows for the same query, as the API's CSV. */
  @GET
  @Path("usage.csv")
  public Response usageCsv(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri) {
    return download(token, s -> {
      MultivaluedMap<String, String> query = calls.query(uri.getQueryParameters(), Set.of("group_by"));
      query.putSingle("format", "csv");
      return calls.reports().usage(s.caller(), query);
    });
  }

  @GET
  @Path("sources")
  public Response sources(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri) {
    return page(token, s -> pages.sources(s, uri.getQueryParameters()));
  }

  @GET
  @Path("chargeback")
  public Response chargeback(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri) {
    return page(token, s -> chargeback.render(s, uri.getQueryParameters(), Optional.empty()));
  }

  @GET
  @Path("chargeback.csv")
  public Response chargebackCsv(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri) {
    return download(token, s -> calls.reports().chargeback(s.caller(), ChargebackPage.csvQuery(
        uri.getQueryParameters(), calls.thisMonth())));
  }

  /** The month's FOCUS 1.2 file, as {@code GET /v1/reports/focus}. */
  @GET
  @Path("focus.csv")
  public Response focusCsv(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri) {
    return download(token, s -> {
      MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
      query.putSingle("month", OverviewPage.month(uri.getQueryParameters().getFirst("month"), calls.thisMonth())
          .toString());
      return calls.reports().focus(s.caller(), query);
    });
  }

  /** Admin only: closes an ended month (as {@code POST /v1/admin/periods/{month}/close}). */
  @POST
  @Path("chargeback/close")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response close(@CookieParam(SignInResource.COOKIE) String token, @FormParam("csrf") String csrf,
      @FormParam("month") String month) {
    Optional<ConsoleSession> session = sessions.find(token);
    if (session.isEmpty()) {
      return SignInResource.redirect("/console/login");
    }
    if (!Csrf.matches(session.get(), csrf)) {
      return SignInResource.html(403, Html.page("Forbidden", session.get(), "", Csrf.REFUSED));
    }
    if (!session.get().isAdmin()) {
      return SignInResource.html(403, Html.page("Forbidden", session.get(), "",
          "<p class=\"error\" id=\"error\">Only an admin can close a month.</p>"));
    }
    return page(token, s -> chargeback.close(s, month));
  }

  /** Anything else under {@code /console}: a 404 page (signed in or not). */
  @GET
  @Path("{rest: .+}")
  public Response unknown(@CookieParam(SignInResource.COOKIE) String token) {
    return SignInResource.html(404, Html.page("Not found", sessions.find(token).orElse(null), "",
        "<p class=\"error\" id=\"error\">There is no such page in the console.</p>"));
  }

  private Response page(String token, Function<ConsoleSession, String> render) {
    Optional<ConsoleSession> session = sessions.find(token);
    if (session.isEmpty()) {
      return SignInResource.redirect("/console/login");
    }
    try {
      return SignInResource.html(200, render.apply(session.get()));
    } catch (ProblemException e) {
      return problem(session.get(), e);
    }
  }

  private Response download(String token, Function<ConsoleSession, Response> csv) {
    Optional<ConsoleSession> session = sessions.find(token);
    if (session.isEmpty()) {
      return SignInResource.redirect("/console/login");
    }
    try {
      return csv.apply(session.get());
    } catch (ProblemException e) {
      return problem(session.get(), e);
    }
  }

  static Response problem(ConsoleSession session, ProblemException e) {
    String title = e.status() == 404 ? "Not found" : "Cannot show this page";
    return SignInResource.html(e.status(), Html.page(title, session, "",
        "<p class=\"error\" id=\"error\">" + Html.esc(e.getMessage()) + "</p>"
        + e.toProblem().errors().stream().map(f -> "<p class=\"note\">" + Html.esc(f.field()) + ": "
            + Html.esc(f.message()) + "</p>").reduce("", String::concat)
        + "<p><a href=\"/console\">Back to the overview</a></p>"));
  }
}
