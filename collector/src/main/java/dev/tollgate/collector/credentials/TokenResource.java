package dev.tollgate.collector.credentials;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1/auth/token}: OAuth 2.0 client credentials, as JSON or as a form. */
@Path("/v1/auth/token")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

  private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

  private final CredentialService credentials;

  public TokenResource(CredentialService credentials) {
    this.credentials = credentials;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response json(TokenRequest request, @Context HttpServletRequest http) {
    return answer(credentials.issue(request, http.getRemoteAddr()));
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response form(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
      @FormParam("client_secret") String clientSecret, @Context HttpServletRequest http) {
    return answer(credentials.issue(new TokenRequest(grantType, clientId, clientSecret), http.getRemoteAddr()));
  }

  private static Response answer(TokenResponse token) {
    return Response.ok(token).cacheControl(NO_STORE).header("Pragma", "no-cache").build();
  }
}
