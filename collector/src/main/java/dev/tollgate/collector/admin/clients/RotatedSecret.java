package dev.tollgate.collector.admin.clients;

import java.util.UUID;

/** The answer to a rotation: the new secret, shown once; the old one no longer works. */
public record RotatedSecret(UUID id, String clientId, String clientSecret) {

  @Override
  public String toString() {
    return "RotatedSecret[id=" + id + ", clientId=" + clientId + "]";
  }
}
