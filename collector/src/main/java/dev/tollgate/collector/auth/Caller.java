package dev.tollgate.collector.auth;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Who made a request: an admin or finance API key, or a client's access token. Resources
 * take it with {@code @Auth Caller caller}.
 *
 * @param actor how the audit log names this caller ({@code api_key:<id>}, {@code bootstrap},
 *     {@code client:<client_id>})
 * @param teamId the client's team; empty for API keys
 * @param clientId the client's internal id; empty for API keys
 * @param publicClientId the client's public {@code tg_...} id; empty for API keys
 */
public record Caller(Role role, String actor, Optional<UUID> teamId, Optional<UUID> clientId,
    Optional<String> publicClientId) implements Principal {

  public Caller {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(actor, "actor");
  }

  public static Caller apiKey(Role role, String actor) {
    return new Caller(role, actor, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static Caller client(UUID teamId, UUID clientId, String publicClientId) {
    return new Caller(Role.CLIENT, "client:" + publicClientId, Optional.of(teamId),
        Optional.of(clientId), Optional.of(publicClientId));
  }

  @Override
  public String getName() {
    return actor;
  }

  public boolean isClient() {
    return role == Role.CLIENT;
  }

  /** The client's team; only call for client callers. */
  public UUID requireTeamId() {
    return teamId.orElseThrow(() -> new IllegalStateException("not a client caller"));
  }

  /** The client's internal id; only call for client callers. */
  public UUID requireClientId() {
    return clientId.orElseThrow(() -> new IllegalStateException("not a client caller"));
  }
}
