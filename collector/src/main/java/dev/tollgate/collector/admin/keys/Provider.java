package dev.tollgate.collector.admin.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * The kind of upstream a provider key is for. All speak OpenAI's API; the kind tells the SDK
 * how to authenticate ({@code azure_openai} sends {@code api-key} instead of a bearer token);
 * {@code openai_admin} is never leased itself (see {@code dev.tollgate.collector.minting}).
 */
public enum Provider {
  @JsonProperty("openai") OPENAI,
  @JsonProperty("azure_openai") AZURE_OPENAI,
  @JsonProperty("openai_compatible") OPENAI_COMPATIBLE,
  /** An OpenAI admin key: the collector mints a service-account key per team and leases that instead. */
  @JsonProperty("openai_admin") OPENAI_ADMIN,
  /** An Entra ID application of an Azure OpenAI resource: leases carry an access token obtained for it. */
  @JsonProperty("azure_entra") AZURE_ENTRA;

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }
}
