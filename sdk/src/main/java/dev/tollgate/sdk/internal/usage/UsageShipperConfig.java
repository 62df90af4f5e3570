package dev.tollgate.sdk.internal.usage;

import dev.tollgate.sdk.Sleeper;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Settings of a {@link UsageShipper}; build one with {@link #builder()}.
 *
 * @param collectorUrl the collector's base URL; events go to {@code {base}/v1/usage/events}
 * @param httpClient the OkHttp client to send with (share the application's)
 * @param tokens where the bearer token comes from
 * @param spoolDirectory the directory of the disk spool (created when missing)
 * @param batchSize events per request, 1..1000 (the collector's limit)
 * @param maxBatchBytes uncompressed body bytes per request, at most 1 MiB (the collector's limit)
 * @param flushInterval how long the first queued event waits for a batch to fill
 * @param queueCapacity events held in memory before new ones go straight to the spool
 * @param maxSpoolBytes total bytes of spool segments; beyond it new events are refused and counted
 * @param closeTimeout how long {@link UsageShipper#close()} may take to flush
 * @param initialBackoff the first wait after a failed attempt
 * @param maxBackoff the cap of backoff and of a collector's {@code Retry-After}
 * @param shutdownHook whether a JVM shutdown hook closes the shipper
 * @param clock the clock (segment names, {@code Retry-After} dates)
 * @param sleeper what waits between failed attempts
 */
public record UsageShipperConfig(
    HttpUrl collectorUrl,
    OkHttpClient httpClient,
    AccessTokenSource tokens,
    Path spoolDirectory,
    int batchSize,
    int maxBatchBytes,
    Duration flushInterval,
    int queueCapacity,
    long maxSpoolBytes,
    Duration closeTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    boolean shutdownHook,
    Clock clock,
    Sleeper sleeper) {

  /** The collector's limit on events per request. */
  public static final int MAX_BATCH_SIZE = 1000;

  /** The collector's limit on the decompressed body of one request. */
  public static final int MAX_BATCH_BYTES = 1024 * 1024;

  public UsageShipperConfig {
    Objects.requireNonNull(collectorUrl, "collectorUrl");
    Objects.requireNonNull(httpClient, "httpClient");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(spoolDirectory, "spoolDirectory");
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    requireRange("batchSize", batchSize, 1, MAX_BATCH_SIZE);
    // Leave room for the {"events":[...]} envelope around the events.
    requireRange("maxBatchBytes", maxBatchBytes, 1024, MAX_BATCH_BYTES);
    requireRange("queueCapacity", queueCapacity, 1, Integer.MAX_VALUE);
    if (maxSpoolBytes < maxBatchBytes) {
      throw new IllegalArgumentException("maxSpoolBytes must be at least maxBatchBytes");
    }
    requirePositive("flushInterval", flushInterval);
    requirePositive("closeTimeout", closeTimeout);
    requirePositive("initialBackoff", initialBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
    }
  }

  /** A new builder with the defaults: 500 events or 1 s per batch, 10 000 queued, 256 MiB of spool. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code ~/.tollgate/spool/<clientId>}, with characters unsafe in a file name replaced. */
  public static Path defaultSpoolDirectory(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    String safe = clientId.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
      safe = "_" + safe;
    }
    return Paths.get(System.getProperty("user.home"), ".tollgate", "spool", safe);
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /** Builds a {@link UsageShipperConfig}; collector URL, HTTP client, tokens and a spool directory or client id are required. */
  public static final class Builder {
    private HttpUrl collectorUrl;
    private OkHttpClient httpClient;
    private AccessTokenSource tokens;
    private Path spoolDirectory;
    private String clientId;
    private int batchSize = 500;
    private int maxBatchBytes = MAX_BATCH_BYTES;
    private Duration flushInterval = Duration.ofSeconds(1);
    private int queueCapacity = 10_000;
    private long maxSpoolBytes = 256L * 1024 * 1024;
    private Duration closeTimeout = Duration.ofSeconds(5);
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(60);
    private boolean shutdownHook = true;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    /** The collector's base URL (required). */
    public Builder collectorUrl(HttpUrl collectorUrl) {
      this.collectorUrl = collectorUrl;
      return this;
    }

    /** The OkHttp client to send with (required). */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /** Where the bearer token comes from (required). */
    public Builder tokens(AccessTokenSource tokens) {
      this.tokens = tokens;
      return this;
    }

    /** The spool directory; defaults to {@link #defaultSpoolDirectory(String)} of the client id. */
    public Builder spoolDirectory(Path spoolDirectory) {
      this.spoolDirectory = spoolDirectory;
      return this;
    }

    /** The client id, used only to name the default spool directory. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** Events per request, 1..1000 (default 500). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Uncompressed body bytes per request, at most 1 MiB (the default). */
    public Builder maxBatchBytes(int maxBatchBytes) {
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    /** How long a queued event waits for its batch to fill (default 1 s). */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    /** Events held in memory (default 10 000); beyond it they go to the spool. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** Total spool bytes (default 256 MiB); beyond it new events are refused, logged and counted. */
    public Builder maxSpoolBytes(long maxSpoolBytes) {
      this.maxSpoolBytes = maxSpoolBytes;
      return this;
    }

    /** How long {@code close()} may take to flush (default 5 s). */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
      return this;
    }

    /** The first and the largest wait between failed attempts (defaults 500 ms and 60 s). */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Whether a JVM shutdown hook closes the shipper (default true). */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /** The clock (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** What waits between failed attempts (default {@link Sleeper#SYSTEM}). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** Checks the settings and builds the config. */
    public UsageShipperConfig build() {
      Path dir = spoolDirectory;
      if (dir == null) {
        if (clientId == null) {
          throw new IllegalStateException("either spoolDirectory or clientId must be set");
        }
        dir = defaultSpoolDirectory(clientId);
      }
      return new UsageShipperConfig(
          collectorUrl, httpClient, tokens, dir, batchSize, maxBatchBytes, flushInterval,
          queueCapacity, maxSpoolBytes, closeTimeout, initialBackoff, maxBackoff, shutdownHook,
          clock, sleeper);
    }
  }
}
