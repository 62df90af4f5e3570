package dev.tollgate.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * The {@code minting:} section: how keys minted per team for {@code openai_admin} provider keys
 * are rotated and deleted (docs/security.md). The rotation period itself is the provider key's.
 */
public class MintingConfiguration {

  /** Run the reaper in this instance (every instance may: they share the work without doubling it). */
  private boolean reaperEnabled = true;

  /** How often the reaper looks for rotations and deletions that are due. */
  @NotNull private Duration pollInterval = Duration.seconds(30);

  /** How long a rotated key keeps working after its successor is minted, so that calls in flight finish. */
  @NotNull private Duration overlap = Duration.minutes(30);

  /** A current key with less life than this left is replaced before it is leased again. */
  @NotNull private Duration minRemaining = Duration.minutes(2);

  /** Connect and response timeout of one call to the provider's admin API. */
  @NotNull private Duration requestTimeout = Duration.seconds(10);

  /** How long a mint waits while another instance mints for the same team. */
  @NotNull private Duration lockWait = Duration.seconds(30);

  /** The wait before the first retry of a failed deletion or rotation; doubles up to {@link #maxBackoff}. */
  @NotNull private Duration initialBackoff = Duration.seconds(30);

  @NotNull private Duration maxBackoff = Duration.minutes(30);

  /** Where azure_entra keys' access tokens are asked for: {@code {entraAuthority}/{tenant}/oauth2/v2.0/token}. */
  @NotNull private String entraAuthority = "https://login.microsoftonline.com";

  /**
   * The scopes of every minted key (OpenAI's service-account key scopes, e.g.
   * {@code api.model.request}); empty: the key has the service account's default, unscoped
   * access. Not defaulted to a list because OpenAI refuses a key with a scope it does not know,
   * which would make every mint fail.
   */
  @NotNull private List<@Pattern(regexp = "[a-z0-9_.]{1,100}") String> keyScopes = List.of();

  /** Rows one reaper pass works off per kind of work. */
  @Min(1) @Max(10000) private int batchSize = 100;

  @JsonProperty
  public boolean isReaperEnabled() {
    return reaperEnabled;
  }

  @JsonProperty
  public void setReaperEnabled(boolean reaperEnabled) {
    this.reaperEnabled = reaperEnabled;
  }

  @JsonProperty
  public Duration getPollInterval() {
    return pollInterval;
  }

  @JsonProperty
  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  @JsonProperty
  public Duration getOverlap() {
    return overlap;
  }

  @JsonProperty
  public void setOverlap(Duration overlap) {
    this.overlap = overlap;
  }

  @JsonProperty
  public Duration getMinRemaining() {
    return minRemaining;
  }

  @JsonProperty
  public void setMinRemaining(Duration minRemaining) {
    this.minRemaining = minRemaining;
  }

  @JsonProperty
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  @JsonProperty
  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  @JsonProperty
  public Duration getLockWait() {
    return lockWait;
  }

  @JsonProperty
  public void setLockWait(Duration lockWait) {
    this.lockWait = lockWait;
  }

  @JsonProperty
  public Duration getInitialBackoff() {
    return initialBackoff;
  }

  @JsonProperty
  public void setInitialBackoff(Duration initialBackoff) {
    this.initialBackoff = initialBackoff;
  }

  @JsonProperty
  public Duration getMaxBackoff() {
    return maxBackoff;
  }

  @JsonProperty
  public void setMaxBackoff(Duration maxBackoff) {
    this.maxBackoff = maxBackoff;
  }

  @JsonProperty
  public List<String> getKeyScopes() {
    return keyScopes;
  }

  @JsonProperty
  public void setKeyScopes(List<String> keyScopes) {
    this.keyScopes = keyScopes;
  }

  @JsonProperty
  public int getBatchSize() {
    return batchSize;
  }

  @JsonProperty
  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  @JsonProperty
  public String getEntraAuthority() {
    return entraAuthority;
  }

  @JsonProperty
  public void setEntraAuthority(String entraAuthority) {
    this.entraAuthority = entraAuthority;
  }
}
