package dev.tollgate.collector.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * The collector's configuration. The shipped {@code config.yml} fills every value from
 * {@code TOLLGATE_*} environment variables with sensible defaults; see docs/operations.md.
 */
public class TollgateConfiguration extends Configuration {

  @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();

  /** Apply pending migrations when the server starts (dev mode and tests do; production runs {@code db migrate}). */
  private boolean migrateOnStart = false;

  /** A first admin key; empty means none (create keys with an existing admin key). */
  private String bootstrapAdminKey = "";

  /** Base64 of a 128/192/256-bit AES key for provider keys at rest. */
  @NotNull private String encryptionKey = "";

  /** Base64 (or plain text of at least 32 bytes) HMAC key that signs access tokens. */
  @NotNull private String tokenSigningKey = "";

  @NotNull private Duration accessTokenTtl = Duration.minutes(15);

  @NotNull private Duration upstreamLeaseTtl = Duration.minutes(15);

  @NotNull private Duration quotaLeaseTtl = Duration.seconds(10);

  /** A web console session ends after this long without a request. */
  @NotNull private Duration consoleIdleTimeout = Duration.minutes(30);

  /** A lease grants at most this fraction of a quota's limit ... */
  @NotNull @DecimalMin("0.0001") @DecimalMax("1")
  private BigDecimal quotaLeaseMaxFractionOfLimit = new BigDecimal("0.05");

  /** ... and at most this fraction of what remains of it. */
  @NotNull @DecimalMin("0.0001") @DecimalMax("1")
  private BigDecimal quotaLeaseMaxFractionOfRemaining = new BigDecimal("0.25");

  /** All of one client's open lease grants on a quota hold at most this fraction of its limit. */
  @NotNull @DecimalMin("0.0001") @DecimalMax("1")
  private BigDecimal quotaLeaseMaxClientShareOfLimit = new BigDecimal("0.25");

  /**
   * Instance leases: a busy hard quota's client grants are cut in memory from this instance's
   * own lease on it (docs/architecture.md, "Quota leases").
   */
  private boolean quotaInstanceLeases = true;

  /** A quota is busy on an instance from this many lease requests a second (0: always). */
  @Min(0) private int quotaInstanceLeaseBusyPerSecond = 200;

  /**
   * Busy teams' leases granted in groups, a transaction per group instead of per lease
   * (docs/architecture.md, "Leases granted in groups"); only with instance leases.
   */
  private boolean quotaLeaseGroups = true;

  /** An instance lease reserves at most this fraction of a quota's limit (and of what remains, as a grant). */
  @NotNull @DecimalMin("0.0001") @DecimalMax("1")
  private BigDecimal quotaInstanceLeaseFractionOfLimit = new BigDecimal("0.1");

  /** Failed token attempts per client id or address per window before failing attempts get 429 and growing delays. */
  @Min(1) private int authMaxFailures = 10;

  @NotNull private Duration authFailureWindow = Duration.minutes(5);

  /** Client secrets verified (PBKDF2) at once at most; further attempts queue. Default: the processors. */
  @Min(1) private int authHashConcurrency = Math.max(1, Runtime.getRuntime().availableProcessors());

  /** Longest range a report accepts. */
  @Min(1) @Max(3660) private int reportMaxRangeDays = 400;

  /**
   * The performance report's percentiles are exact while the whole days of a range hold at most
   * this many calls; beyond, they come from the daily latency histograms (within 0.79 %).
   */
  @Min(0) private long reportExactPercentileLimit = 200_000;

  /** PBKDF2 iterations for new client secrets (OWASP's 2023 advice; tests use fewer). */
  @Min(1000) private int clientSecretHashIterations = 600_000;

  /** The organisation FOCUS files bill: their {@code BillingAccountId} ... */
  @NotBlank private String billingAccountId = "tollgate";

  /** ... and {@code BillingAccountName}. */
  @NotBlank private String billingAccountName = "Tollgate";

  /** Set by the {@code dev} command: seeds demo data and serves the simulated upstream. */
  private boolean devMode = false;
  /** Dev mode: the folder of the embedded database and the generated keys ({@code TOLLGATE_DATA_DIR}). */
  @NotNull private String devDataDir = "tollgate-data";
  /** Dev mode: an OpenAI key for the demo provider key ({@code OPENAI_API_KEY}); empty: the simulated upstream. */
  @NotNull private String devOpenAiApiKey = "";
  /** Dev mode: the simulated upstream's latency, off, fast or realistic ({@code TOLLGATE_MOCK_LATENCY}). */
  @NotNull private String devMockLatency = "";

  /** Budget alerts: the sender's retries and the spend-spike multiple (docs/alerts.md). */
  @Valid @NotNull private AlertsConfiguration alerts = new AlertsConfiguration();

  /** Keys minted per team for openai_admin provider keys: rotation overlap, reaper, retries (docs/security.md). */
  @Valid @NotNull private MintingConfiguration minting = new MintingConfiguration();

  /** Monthly partitions of usage events: months created ahead, retention, the replay window of event ids. */
  @Valid @NotNull private UsageStorageConfiguration usageStorage = new UsageStorageConfiguration();

  @JsonProperty("database")
  public DataSourceFactory getDatabase() {
    return database;
  }

  @JsonProperty("database")
  public void setDatabase(DataSourceFactory database) {
    this.database = database;
  }

  @JsonProperty
  public boolean isMigrateOnStart() {
    return migrateOnStart;
  }

  @JsonProperty
  public void setMigrateOnStart(boolean migrateOnStart) {
    this.migrateOnStart = migrateOnStart;
  }

  @JsonProperty
  public String getBootstrapAdminKey() {
    return bootstrapAdminKey;
  }

  @JsonProperty
  public void setBootstrapAdminKey(String bootstrapAdminKey) {
    this.bootstrapAdminKey = bootstrapAdminKey == null ? "" : bootstrapAdminKey;
  }

  @JsonProperty
  public String getEncryptionKey() {
    return encryptionKey;
  }

  @JsonProperty
  public void setEncryptionKey(String encryptionKey) {
    this.encryptionKey = encryptionKey == null ? "" : encryptionKey;
  }

  @JsonProperty
  public String getTokenSigningKey() {
    return tokenSigningKey;
  }

  @JsonProperty
  public void setTokenSigningKey(String tokenSigningKey) {
    this.tokenSigningKey = tokenSigningKey == null ? "" : tokenSigningKey;
  }

  @JsonProperty
  public Duration getAccessTokenTtl() {
    return accessTokenTtl;
  }

  @JsonProperty
  public void setAccessTokenTtl(Duration accessTokenTtl) {
    this.accessTokenTtl = accessTokenTtl;
  }

  @JsonProperty
  public Duration getUpstreamLeaseTtl() {
    return upstreamLeaseTtl;
  }

  @JsonProperty
  public void setUpstreamLeaseTtl(Duration upstreamLeaseTtl) {
    this.upstreamLeaseTtl = upstreamLeaseTtl;
  }

  @JsonProperty
  public Duration getConsoleIdleTimeout() {
    return consoleIdleTimeout;
  }

  @JsonProperty
  public void setConsoleIdleTimeout(Duration consoleIdleTimeout) {
    this.consoleIdleTimeout = consoleIdleTimeout;
  }

  @JsonProperty
  public boolean isQuotaInstanceLeases() {
    return quotaInstanceLeases;
  }

  @JsonProperty
  public void setQuotaInstanceLeases(boolean value) {
    this.quotaInstanceLeases = value;
  }

  @JsonProperty
  public int getQuotaInstanceLeaseBusyPerSecond() {
    return quotaInstanceLeaseBusyPerSecond;
  }

  @JsonProperty
  public void setQuotaInstanceLeaseBusyPerSecond(int value) {
    this.quotaInstanceLeaseBusyPerSecond = value;
  }

  @JsonProperty
  public boolean isQuotaLeaseGroups() {
    return quotaLeaseGroups;
  }

  @JsonProperty
  public void setQuotaLeaseGroups(boolean value) {
    this.quotaLeaseGroups = value;
  }

  @JsonProperty
  public BigDecimal getQuotaInstanceLeaseFractionOfLimit() {
    return quotaInstanceLeaseFractionOfLimit;
  }

  @JsonProperty
  public void setQuotaInstanceLeaseFractionOfLimit(BigDecimal value) {
    this.quotaInstanceLeaseFractionOfLimit = value;
  }

  @JsonProperty
  public Duration getQuotaLeaseTtl() {
    return quotaLeaseTtl;
  }

  @JsonProperty
  public void setQuotaLeaseTtl(Duration quotaLeaseTtl) {
    this.quotaLeaseTtl = quotaLeaseTtl;
  }

  @JsonProperty
  public BigDecimal getQuotaLeaseMaxFractionOfLimit() {
    return quotaLeaseMaxFractionOfLimit;
  }

  @JsonProperty
  public void setQuotaLeaseMaxFractionOfLimit(BigDecimal value) {
    this.quotaLeaseMaxFractionOfLimit = value;
  }

  @JsonProperty
  public BigDecimal getQuotaLeaseMaxFractionOfRemaining() {
    return quotaLeaseMaxFractionOfRemaining;
  }

  @JsonProperty
  public void setQuotaLeaseMaxFractionOfRemaining(BigDecimal value) {
    this.quotaLeaseMaxFractionOfRemaining = value;
  }

  @JsonProperty
  public BigDecimal getQuotaLeaseMaxClientShareOfLimit() {
    return quotaLeaseMaxClientShareOfLimit;
  }

  @JsonProperty
  public void setQuotaLeaseMaxClientShareOfLimit(BigDecimal value) {
    this.quotaLeaseMaxClientShareOfLimit = value;
  }

  @JsonProperty
  public int getAuthMaxFailures() {
    return authMaxFailures;
  }

  @JsonProperty
  public void setAuthMaxFailures(int authMaxFailures) {
    this.authMaxFailures = authMaxFailures;
  }

  @JsonProperty
  public Duration getAuthFailureWindow() {
    return authFailureWindow;
  }

  @JsonProperty
  public void setAuthFailureWindow(Duration authFailureWindow) {
    this.authFailureWindow = authFailureWindow;
  }

  @JsonProperty
  public int getAuthHashConcurrency() {
    return authHashConcurrency;
  }

  @JsonProperty
  public void setAuthHashConcurrency(int authHashConcurrency) {
    this.authHashConcurrency = authHashConcurrency;
  }

  @JsonProperty
  public int getReportMaxRangeDays() {
    return reportMaxRangeDays;
  }

  @JsonProperty
  public void setReportMaxRangeDays(int reportMaxRangeDays) {
    this.reportMaxRangeDays = reportMaxRangeDays;
  }

  @JsonProperty
  public long getReportExactPercentileLimit() {
    return reportExactPercentileLimit;
  }

  @JsonProperty
  public void setReportExactPercentileLimit(long reportExactPercentileLimit) {
    this.reportExactPercentileLimit = reportExactPercentileLimit;
  }

  @JsonProperty
  public int getClientSecretHashIterations() {
    return clientSecretHashIterations;
  }

  @JsonProperty
  public void setClientSecretHashIterations(int clientSecretHashIterations) {
    this.clientSecretHashIterations = clientSecretHashIterations;
  }

  @JsonProperty
  public AlertsConfiguration getAlerts() {
    return alerts;
  }

  @JsonProperty
  public void setAlerts(AlertsConfiguration alerts) {
    this.alerts = alerts;
  }

  @JsonProperty
  public UsageStorageConfiguration getUsageStorage() {
    return usageStorage;
  }

  @JsonProperty
  public void setUsageStorage(UsageStorageConfiguration usageStorage) {
    this.usageStorage = usageStorage;
  }

  @JsonProperty
  public String getBillingAccountId() {
    return billingAccountId;
  }

  @JsonProperty
  public void setBillingAccountId(String billingAccountId) {
    this.billingAccountId = billingAccountId;
  }

  @JsonProperty
  public String getBillingAccountName() {
    return billingAccountName;
  }

  @JsonProperty
  public void setBillingAccountName(String billingAccountName) {
    this.billingAccountName = billingAccountName;
  }

  @JsonProperty
  public boolean isDevMode() {
    return devMode;
  }

  @JsonProperty
  public void setDevMode(boolean devMode) {
    this.devMode = devMode;
  }

  @JsonProperty
  public String getDevDataDir() {
    return devDataDir;
  }

  @JsonProperty
  public void setDevDataDir(String devDataDir) {
    this.devDataDir = devDataDir == null || devDataDir.isBlank() ? "tollgate-data" : devDataDir;
  }

  @JsonProperty
  public String getDevOpenAiApiKey() {
    return devOpenAiApiKey;
  }

  @JsonProperty
  public void setDevOpenAiApiKey(String devOpenAiApiKey) {
    this.devOpenAiApiKey = devOpenAiApiKey == null ? "" : devOpenAiApiKey;
  }

  @JsonProperty
  public String getDevMockLatency() {
    return devMockLatency;
  }

  @JsonProperty
  public void setDevMockLatency(String devMockLatency) {
    this.devMockLatency = devMockLatency == null ? "" : devMockLatency;
  }

  @JsonProperty
  public MintingConfiguration getMinting() {
    return minting;
  }

  @JsonProperty
  public void setMinting(MintingConfiguration minting) {
    this.minting = minting;
  }
}
