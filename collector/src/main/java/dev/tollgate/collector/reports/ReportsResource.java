package dev.tollgate.collector.reports;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /v1/reports}: the transaction log, usage, performance and chargeback, as JSON or
 * CSV, and the FOCUS file. Finance and admin read every team; a client token reads its own
 * team only, and no FOCUS file.
 */
@Path("/v1/reports")
public final class ReportsResource {

  private final Reports reports;

  ReportsResource(Reports reports) {
    this.reports = reports;
  }

  @GET
  @Path("transactions")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME, Role.CLIENT_NAME})
  public Response transactions(@Auth Caller caller, @Context UriInfo uri) {
    return reports.transactions(caller, uri.getQueryParameters());
  }

  @GET
  @Path("transactions/{id}")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME, Role.CLIENT_NAME})
  public Response transaction(@Auth Caller caller, @PathParam("id") String id, @Context UriInfo uri) {
    return reports.transaction(caller, id, uri.getQueryParameters());
  }

  @GET
  @Path("usage")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME, Role.CLIENT_NAME})
  public Response usage(@Auth Caller caller, @Context UriInfo uri) {
    return reports.usage(caller, uri.getQueryParameters());
  }

  @GET
  @Path("performance")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME, Role.CLIENT_NAME})
  public Response performance(@Auth Caller caller, @Context UriInfo uri) {
    return reports.performance(caller, uri.getQueryParameters());
  }

  @GET
  @Path("chargeback")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME, Role.CLIENT_NAME})
  public Response chargeback(@Auth Caller caller, @Context UriInfo uri) {
    return reports.chargeback(caller, uri.getQueryParameters());
  }

  /** The month as a FinOps FOCUS 1.2 file: CSV only, every team (finance and admin). */
  @GET
  @Path("focus")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Response focus(@Auth Caller caller, @Context UriInfo uri) {
    return reports.focus(caller, uri.getQueryParameters());
  }
}
