package dev.tollgate.collector.admin.teams;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * {@code PATCH /v1/admin/teams/{id}}: only the fields present change. {@code description} and
 * {@code provider_key_id} may be set to null (no description; use the default provider key),
 * so this is a class that remembers which fields the body had.
 */
public final class TeamPatch {

  private String name;
  private Status status;
  private String description;
  private boolean descriptionPresent;
  private UUID providerKeyId;
  private boolean providerKeyIdPresent;

  public String name() {
    return name;
  }

  @JsonProperty("name")
  public void setName(String name) {
    this.name = name;
  }

  public Status status() {
    return status;
  }

  @JsonProperty("status")
  public void setStatus(Status status) {
    this.status = status;
  }

  public String description() {
    return description;
  }

  public boolean descriptionPresent() {
    return descriptionPresent;
  }

  @JsonProperty("description")
  public void setDescription(String description) {
    this.description = description;
    this.descriptionPresent = true;
  }

  public UUID providerKeyId() {
    return providerKeyId;
  }

  public boolean providerKeyIdPresent() {
    return providerKeyIdPresent;
  }

  @JsonProperty("provider_key_id")
  public void setProviderKeyId(UUID providerKeyId) {
    this.providerKeyId = providerKeyId;
    this.providerKeyIdPresent = true;
  }
}
