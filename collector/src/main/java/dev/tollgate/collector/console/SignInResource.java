package dev.tollgate.collector.console;

import dev.tollgate.collector.auth.Caller;
import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in and out of the console, and its stylesheet. Only an admin or finance API key opens
 * a session; a client token is refused like a wrong key. The session cookie is {@code HttpOnly},
 * {@code SameSite=Strict}, scoped to {@code /console}, and {@code Secure} over HTTPS.
 */
@Path("/console")
public final class SignInResource {

  static final String COOKIE = "tollgate_console";
  private static final Map<String, String> STATIC = Map.of("console.css", "text/css; charset=UTF-8");

  private final ConsoleSessions sessions;
  private final Authenticator<String, Caller> keys;

  SignInResource(ConsoleSessions sessions, Authenticator<String, Caller> keys) {
    this.sessions = sessions;
    this.keys = keys;
  }

  @GET
  @Path("login")
  public Response form(@CookieParam(COOKIE) String token) {
    if (sessions.find(token).isPresent()) {
      return redirect("/console");
    }
    return html(200, loginPage(""));
  }

  @POST
  @Path("login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signIn(@FormParam("api_key") String apiKey, @Context SecurityContext security) {
    Optional<Caller> caller = Optional.empty();
    if (apiKey != null && !apiKey.isBlank() && apiKey.length() <= 512) {
      try {
        caller = keys.authenticate(apiKey.strip()).filter(c -> !c.isClient());
      } catch (AuthenticationException e) {
        caller = Optional.empty();
      }
    }
    if (caller.isEmpty()) {
      return html(401, loginPage("That key does not open the console: use an active admin or finance API key."));
    }
    String token = sessions.open(caller.get());
    return Response.seeOther(URI.create("/console"))
        .header(HttpHeaders.SET_COOKIE, cookie(token, security.isSecure(), false)).build();
  }

  @POST
  @Path("logout")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signOut(@CookieParam(COOKIE) String token, @FormParam("csrf") String csrf,
      @Context SecurityContext security) {
    Optional<ConsoleSession> session = sessions.find(token);
    if (session.isPresent() && !Csrf.matches(session.get(), csrf)) {
      return html(403, Html.page("Forbidden", session.get(), "", Csrf.REFUSED));
    }
    sessions.close(token);
    return Response.seeOther(URI.create("/console/login"))
        .header(HttpHeaders.SET_COOKIE, cookie("", security.isSecure(), true)).build();
  }

  @GET
  @Path("static/{name}")
  public Response asset(@PathParam("name") String name) {
    String type = STATIC.get(name);
    if (type == null) {
      return html(404, Html.page("Not found", null, "", "<p>There is no such page.</p>"));
    }
    try (InputStream in = SignInResource.class.getResourceAsStream("/console/" + name)) {
      return Response.ok(in.readAllBytes(), type).header(HttpHeaders.CACHE_CONTROL, "max-age=3600").build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String cookie(String token, boolean secure, boolean expire) {
    return COOKIE + "=" + token + "; Path=/console; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
        + (expire ? "; Max-Age=0" : "");
  }

  static Response redirect(String path) {
    return Response.seeOther(URI.create(path)).build();
  }

  static Response html(int status, String page) {
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
  }

  private static String loginPage(String error) {
    return Html.page("Sign in", null, "", (error.isEmpty() ? "" : "<p class=\"error\" id=\"error\">"
        + Html.esc(error) + "</p>")
        + "<form method=\"post\" action=\"/console/login\" class=\"login\">"
        + "<label for=\"api_key\">Admin or finance API key</label>"
        + "<input type=\"password\" id=\"api_key\" name=\"api_key\" autocomplete=\"off\" required>"
        + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>");
  }
}
