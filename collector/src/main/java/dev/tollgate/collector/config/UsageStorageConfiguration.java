package dev.tollgate.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The {@code usageStorage:} section: the monthly partitions of usage events and charge lines,
 * their retention, and how long event ids are kept for deduplicating replays (docs/operations.md).
 */
public class UsageStorageConfiguration {

  /** Partitions are kept created for the current UTC month and this many months after it. */
  @Min(1) @Max(24) private int monthsAhead = 3;

  /** How often an instance creates missing months ahead and applies retention (also once at start). */
  @NotNull private Duration maintenanceInterval = Duration.hours(1);

  /**
   * Months of events kept besides the current one; older months are dropped once they and every
   * month their events are billed to are closed. 0 keeps every month.
   */
  @Min(0) private int retainMonths = 0;

  /** An event id is kept at least this long after its event's time, even when its month was dropped. */
  @NotNull private Duration replayWindow = Duration.days(90);

  /** How often an instance sums the latency histogram rows ingest appended into one row per key. */
  @NotNull private Duration latencyCompactionInterval = Duration.seconds(10);

  @JsonProperty
  public int getMonthsAhead() {
    return monthsAhead;
  }

  @JsonProperty
  public void setMonthsAhead(int monthsAhead) {
    this.monthsAhead = monthsAhead;
  }

  @JsonProperty
  public Duration getMaintenanceInterval() {
    return maintenanceInterval;
  }

  @JsonProperty
  public void setMaintenanceInterval(Duration maintenanceInterval) {
    this.maintenanceInterval = maintenanceInterval;
  }

  @JsonProperty
  public int getRetainMonths() {
    return retainMonths;
  }

  @JsonProperty
  public void setRetainMonths(int retainMonths) {
    this.retainMonths = retainMonths;
  }

  @JsonProperty
  public Duration getReplayWindow() {
    return replayWindow;
  }

  @JsonProperty
  public void setReplayWindow(Duration replayWindow) {
    this.replayWindow = replayWindow;
  }

  @JsonProperty
  public Duration getLatencyCompactionInterval() {
    return latencyCompactionInterval;
  }

  @JsonProperty
  public void setLatencyCompactionInterval(Duration latencyCompactionInterval) {
    this.latencyCompactionInterval = latencyCompactionInterval;
  }
}
