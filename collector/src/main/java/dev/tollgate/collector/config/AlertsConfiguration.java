package dev.tollgate.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

/** The {@code alerts:} section: the alert sender's timing and the spend-spike rule (docs/alerts.md). */
public class AlertsConfiguration {

  /** Run a sender in this instance (every instance may: they share the outbox without doubling). */
  private boolean senderEnabled = true;

  /** How often an idle sender looks for due deliveries (it is also woken when this instance raises one). */
  @NotNull private Duration pollInterval = Duration.seconds(2);

  /** The wait before the first retry; it doubles with each attempt up to {@link #maxBackoff}. */
  @NotNull private Duration initialBackoff = Duration.seconds(30);

  @NotNull private Duration maxBackoff = Duration.hours(1);

  /** After this long since the alert was raised, a delivery that still fails is marked failed. */
  @NotNull private Duration giveUpAfter = Duration.hours(24);

  /** Connect and response timeout of one HTTP request to a channel. */
  @NotNull private Duration requestTimeout = Duration.seconds(10);

  /** How long a claimed delivery is left to its sender before another instance may take it over. */
  @NotNull private Duration claimTimeout = Duration.minutes(2);

  /** Deliveries one sender pass works off at most. */
  @Min(1) @Max(1000) private int batchSize = 50;

  /** A team's day is a spike above this multiple of its trailing 7-day daily average. */
  @NotNull @DecimalMin(value = "1", inclusive = false) private BigDecimal spendSpikeMultiple = new BigDecimal("3");

  @JsonProperty
  public boolean isSenderEnabled() {
    return senderEnabled;
  }

  @JsonProperty
  public void setSenderEnabled(boolean senderEnabled) {
    this.senderEnabled = senderEnabled;
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
  public Duration getGiveUpAfter() {
    return giveUpAfter;
  }

  @JsonProperty
  public void setGiveUpAfter(Duration giveUpAfter) {
    this.giveUpAfter = giveUpAfter;
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
  public Duration getClaimTimeout() {
    return claimTimeout;
  }

  @JsonProperty
  public void setClaimTimeout(Duration claimTimeout) {
    this.claimTimeout = claimTimeout;
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
  public BigDecimal getSpendSpikeMultiple() {
    return spendSpikeMultiple;
  }

  @JsonProperty
  public void setSpendSpikeMultiple(BigDecimal spendSpikeMultiple) {
    this.spendSpikeMultiple = spendSpikeMultiple;
  }
}
