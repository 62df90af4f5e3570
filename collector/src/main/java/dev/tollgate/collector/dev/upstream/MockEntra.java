package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entra ID's token endpoint, simulated under {@code /mock/entra/{tenant}/oauth2/v2.0/token}: the
 * client credentials grant answers an access token valid for an hour, which the simulated Azure
 * OpenAI accepts as {@code Authorization: Bearer} until it expires (an unknown or expired token is
 * a 401). Point the collector's {@code minting.entraAuthority} at {@code http://host:port/mock/entra}.
 */
@Path("/mock/entra/{tenant}/oauth2/v2.0/token")
public final class MockEntra {

  static final long LIFETIME_SECONDS = 3599;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

  MockEntra(Clock clock) {
    this.clock = clock;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response token(@PathParam("tenant") String tenant, @FormParam("grant_type") String grantType,
      @FormParam("client_id") String clientId, @FormParam("client_secret") String clientSecret,
      @FormParam("scope") String scope) {
    if (!"client_credentials".equals(grantType) || blank(clientId) || blank(clientSecret) || blank(scope)) {
      return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE).entity(JSON.createObjectNode()
          .put("error", "invalid_request").put("error_description", "AADSTS900144: a required parameter is missing")
          .toString()).build();
    }
    String token = "mock-entra-" + Ids.suffix(48);
    tokens.put(token, clock.instant().plusSeconds(LIFETIME_SECONDS));
    return Response.ok(JSON.createObjectNode().put("token_type", "Bearer").put("expires_in", LIFETIME_SECONDS)
        .put("ext_expires_in", LIFETIME_SECONDS).put("access_token", token).toString(), MediaType.APPLICATION_JSON_TYPE)
        .build();
  }

  /** Whether this endpoint issued the token and it has not expired. */
  boolean valid(String token) {
    Instant expires = tokens.get(token);
    return expires != null && expires.isAfter(clock.instant());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
