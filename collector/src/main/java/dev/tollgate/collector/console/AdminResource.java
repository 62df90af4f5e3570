package dev.tollgate.collector.console;

import dev.tollgate.collector.common.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code /console/admin/...}: admin only. Finance gets a 403 page for every admin page and every
 * write, however the request was made; without a session a page redirects to sign-in. A write
 * needs the session's CSRF token; its answer is the page it was made on, with a notice (or the
 * secret it made, once) or, when the service refused it, the API's reason and fields and the
 * API's status.
 */
@Path("/console/admin")
public final class AdminResource {

  private final ConsoleSessions sessions;
  private final AdminPages admin;
  private final CatalogPages catalog;
  private final AuditPage audit;

  AdminResource(ConsoleSessions sessions, AdminPages admin, CatalogPages catalog, AuditPage audit) {
    this.sessions = sessions;
    this.admin = admin;
    this.catalog = catalog;
    this.audit = audit;
  }

  @GET
  public Response index(@CookieParam(SignInResource.COOKIE) String token) {
    return page(token, AdminPages::index);
  }

  @GET
  @Path("audit")
  public Response auditLog(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri) {
    return page(token, s -> audit.render(s, uri.getQueryParameters()));
  }

  @GET
  @Path("teams")
  public Response teams(@CookieParam(SignInResource.COOKIE) String token, @QueryParam("cursor") String cursor) {
    return page(token, s -> admin.teams(s, "", cursor));
  }

  @POST
  @Path("teams")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response createTeam(@CookieParam(SignInResource.COOKIE) String token, MultivaluedMap<String, String> form) {
    return write(token, form, admin::createTeam, (s, message) -> admin.teams(s, message, null));
  }

  @POST
  @Path("teams/{id}/status")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response teamStatus(@CookieParam(SignInResource.COOKIE) String token, @PathParam("id") String id,
      MultivaluedMap<String, String> form) {
    return write(token, form, (s, f) -> admin.setTeamStatus(s, uuid(id), f),
        (s, message) -> admin.teams(s, message, null));
  }

  @GET
  @Path("teams/{id}/clients")
  public Response clients(@CookieParam(SignInResource.COOKIE) String token, @PathParam("id") String id,
      @QueryParam("cursor") String cursor) {
    return page(token, s -> admin.clients(s, uuid(id), "", cursor));
  }

  @POST
  @Path("teams/{id}/clients")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response createClient(@CookieParam(SignInResource.COOKIE) String token, @PathParam("id") String id,
      MultivaluedMap<String, String> form) {
    return write(token, form, (s, f) -> admin.createClient(s, uuid(id), f),
        (s, message) -> admin.clients(s, uuid(id), message, null));
  }

  @POST
  @Path("clients/{id}/rotate")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response rotateClient(@CookieParam(SignInResource.COOKIE) String token, @PathParam("id") String id,
      MultivaluedMap<String, String> form) {
    return write(token, form, (s, f) -> admin.rotateClient(s, uuid(id)),
        (s, message) -> admin.clients(s, admin.teamOfClient(uuid(id)), message, null));
  }

  @POST
  @Path("clients/{id}/status")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response clientStatus(@CookieParam(SignInResource.COOKIE) String token, @PathParam("id") String id,
      MultivaluedMap<String, String> form) {
    return write(token, form, (s, f) -> admin.setClientStatus(s, uuid(id), f),
        (s, message) -> admin.clients(s, admin.teamOfClient(uuid(id)), message, null));
  }

  @GET
  @Path("products")
  public Response products(@CookieParam(SignInResource.COOKIE) String token, @QueryParam("cursor") String cursor) {
    return page(token, s -> catalog.products(s, "", cursor));
  }

  @POST
  @Path("products")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response createProduct(@CookieParam(SignInResource.COOKIE) String token,
      MultivaluedMap<String, String> form) {
    return write(token, form, catalog::createProduct, (s, message) -> catalog.products(s, message, null));
  }

  @GET
  @Path("subscriptions")
  public Response subscriptions(@CookieParam(SignInResource.COOKIE) String token,
      @QueryParam("team_id") String teamId, @QueryParam("cursor") String cursor) {
    return page(token, s -> catalog.subscriptions(s, teamId, "", cursor));
  }

  @POST
  @Path("subscriptions")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response createSubscription(@CookieParam(SignInResource.COOKIE) String token,
      MultivaluedMap<String, String> form) {
    return write(token, form, catalog::createSubscription,
        (s, message) -> catalog.subscriptions(s, null, message, null));
  }

  @GET
  @Path("subscriptions/{id}")
  public Response subscription(@CookieParam(SignInResource.COOKIE) String token, @PathParam("id") String id) {
    return page(token, s -> catalog.subscription(s, uuid(id), ""));
  }

  @POST
  @Path("subscriptions/{id}/quotas")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response setQuota(@CookieParam(SignInResource.COOKIE) String token, @PathParam("id") String id,
      MultivaluedMap<String, String> form) {
    return write(token, form, (s, f) -> catalog.setQuota(s, uuid(id), f),
        (s, message) -> catalog.subscription(s, uuid(id), message));
  }

  @POST
  @Path("subscriptions/{id}/quotas/remove")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response removeQuota(@CookieParam(SignInResource.COOKIE) String token, @PathParam("id") String id,
      MultivaluedMap<String, String> form) {
    return write(token, form, (s, f) -> catalog.removeQuota(s, uuid(id), f),
        (s, message) -> catalog.subscription(s, uuid(id), message));
  }

  @POST
  @Path("subscriptions/{id}/status")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response subscriptionStatus(@CookieParam(SignInResource.COOKIE) String token, @PathParam("id") String id,
      MultivaluedMap<String, String> form) {
    return write(token, form, (s, f) -> catalog.setSubscriptionStatus(s, uuid(id), f),
        (s, message) -> catalog.subscription(s, uuid(id), message));
  }

  @GET
  @Path("prices")
  public Response prices(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri) {
    return page(token, s -> catalog.prices(s, uri.getQueryParameters(), ""));
  }

  @POST
  @Path("prices")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response addPrice(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri,
      MultivaluedMap<String, String> form) {
    return write(token, form, catalog::addPrice, (s, message) -> catalog.prices(s, uri.getQueryParameters(), message));
  }

  @POST
  @Path("prices/import")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response importPrices(@CookieParam(SignInResource.COOKIE) String token, @Context UriInfo uri,
      MultivaluedMap<String, String> form) {
    return write(token, form, catalog::importPrices,
        (s, message) -> catalog.prices(s, uri.getQueryParameters(), message));
  }

  @GET
  @Path("provider-keys")
  public Response providerKeys(@CookieParam(SignInResource.COOKIE) String token,
      @QueryParam("cursor") String cursor) {
    return page(token, s -> admin.providerKeys(s, cursor));
  }

  @GET
  @Path("api-keys")
  public Response apiKeys(@CookieParam(SignInResource.COOKIE) String token, @QueryParam("cursor") String cursor) {
    return page(token, s -> admin.apiKeys(s, "", cursor));
  }

  @POST
  @Path("api-keys")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response createApiKey(@CookieParam(SignInResource.COOKIE) String token,
      MultivaluedMap<String, String> form) {
    return write(token, form, admin::createApiKey, (s, message) -> admin.apiKeys(s, message, null));
  }

  @POST
  @Path("api-keys/{id}/revoke")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response revokeApiKey(@CookieParam(SignInResource.COOKIE) String token, @PathParam("id") String id,
      MultivaluedMap<String, String> form) {
    return write(token, form, (s, f) -> admin.revokeApiKey(s, uuid(id)), (s, message) -> sessions.find(token)
        .isPresent() ? admin.apiKeys(s, message, null) : AdminPages.page("API keys", null, "", message,
        "<p><a href=\"/console/login\">Sign in again</a>: the key this session was opened with is revoked.</p>"));
  }

  /** An admin page: the signed-in admin's, a 403 page for finance, sign-in for nobody. */
  private Response page(String token, Function<ConsoleSession, String> render) {
    Optional<ConsoleSession> session = sessions.find(token);
    if (session.isEmpty()) {
      return SignInResource.redirect("/console/login");
    }
    if (!session.get().isAdmin()) {
      return forbidden(session.get());
    }
    try {
      return SignInResource.html(200, render.apply(session.get()));
    } catch (ProblemException e) {
      return ConsoleResource.problem(session.get(), e);
    }
  }

  /**
   * A write: session, CSRF token, admin role, in that order; then {@code write} (which answers
   * the notice to show) and the page {@code answer} renders with it, or with the refusal.
   */
  private Response write(String token, MultivaluedMap<String, String> form,
      BiFunction<ConsoleSession, MultivaluedMap<String, String>, String> write,
      BiFunction<ConsoleSession, String, String> answer) {
    Optional<ConsoleSession> session = sessions.find(token);
    if (session.isEmpty()) {
      return SignInResource.redirect("/console/login");
    }
    if (!Csrf.matches(session.get(), form.getFirst("csrf"))) {
      return SignInResource.html(403, Html.page("Forbidden", session.get(), "", Csrf.REFUSED));
    }
    if (!session.get().isAdmin()) {
      return forbidden(session.get());
    }
    String message;
    int status;
    try {
      message = write.apply(session.get(), form);
      status = 200;
    } catch (ProblemException e) {
      message = AdminPages.error(e);
      status = e.status();
    }
    try {
      return SignInResource.html(status, answer.apply(session.get(), message));
    } catch (ProblemException e) {
      return ConsoleResource.problem(session.get(), e);
    }
  }

  private static Response forbidden(ConsoleSession session) {
    return SignInResource.html(403, Html.page("Forbidden", session, "",
        "<p class=\"error\" id=\"error\">Only an admin can see the admin pages or change anything.</p>"));
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("page");
    }
  }
}
