package dev.tollgate.collector.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * {@code PATCH /v1/admin/alert-channels/{id} {url?, team_id?, types?, enabled?}}: fields present
 * change; {@code team_id: null} widens the channel to every team, {@code types: null} or
 * {@code []} to every type.
 */
public final class ChannelPatch {

  private String url;
  private UUID teamId;
  private boolean teamIdPresent;
  @Size(max = 3)
  private List<@NotNull AlertType> types;
  private boolean typesPresent;
  private Boolean enabled;

  public String url() {
    return url;
  }

  @JsonProperty("url")
  public void setUrl(String url) {
    this.url = url;
  }

  public UUID teamId() {
    return teamId;
  }

  public boolean teamIdPresent() {
    return teamIdPresent;
  }

  @JsonProperty("team_id")
  public void setTeamId(UUID teamId) {
    this.teamId = teamId;
    this.teamIdPresent = true;
  }

  public List<AlertType> types() {
    return types;
  }

  public boolean typesPresent() {
    return typesPresent;
  }

  @JsonProperty("types")
  public void setTypes(List<AlertType> types) {
    this.types = types;
    this.typesPresent = true;
  }

  public Boolean enabled() {
    return enabled;
  }

  @JsonProperty("enabled")
  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }
}
