package dev.tollgate.collector.periods;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.Pages;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code /v1/admin/periods}: closing billing months (admin) and listing the closed ones (admin, finance). */
@Path("/v1/admin/periods")
@Produces(MediaType.APPLICATION_JSON)
public final class PeriodsResource {

  private final PeriodService periods;

  public PeriodsResource(PeriodService periods) {
    this.periods = periods;
  }

  @POST
  @Path("/{month}/close")
  @RolesAllowed(Role.ADMIN_NAME)
  public ClosedPeriod close(@Auth Caller caller, @PathParam("month") String month) {
    return periods.close(caller.actor(), month);
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<ClosedPeriod> list(@Auth Caller caller, @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return periods.list(Pages.limit(limit), cursor);
  }
}
