package dev.tollgate.collector.admin.clients;

import java.time.Instant;
import java.util.UUID;

/** A new client: the only answer that carries {@code client_secret}, besides a rotation. */
public record IssuedClient(UUID id, UUID teamId, String name, String clientId, String clientSecret,
    String status, Instant createdAt) {

  @Override
  public String toString() {
    return "IssuedClient[id=" + id + ", clientId=" + clientId + "]";
  }
}
