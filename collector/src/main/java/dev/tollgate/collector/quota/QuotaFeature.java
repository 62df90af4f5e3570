package dev.tollgate.collector.quota;

import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.pricing.PriceBookCache;
import dev.tollgate.collector.sources.SourceClassifier;
import java.math.BigDecimal;
import java.time.Duration;

/** Quota leases: reserve, settle, and the caller's quota state. */
public final class QuotaFeature {

  /**
   * How leases are cut: their lifetime, the largest share of a quota's limit and of what
   * remains of it that one lease may reserve, and the largest share of the limit that all of
   * one client's open leases may hold together.
   */
  public record LeaseLimits(Duration ttl, BigDecimal maxFractionOfLimit, BigDecimal maxFractionOfRemaining,
      BigDecimal maxClientShareOfLimit, InstanceLeaseSettings instanceLeases) {

    /** Without instance leases: every grant reserved in the quota's counter. */
    public LeaseLimits(Duration ttl, BigDecimal maxFractionOfLimit, BigDecimal maxFractionOfRemaining,
        BigDecimal maxClientShareOfLimit) {
      this(ttl, maxFractionOfLimit, maxFractionOfRemaining, maxClientShareOfLimit,
          new InstanceLeaseSettings(false, 0, BigDecimal.ZERO, false));
    }
  }

  /**
   * Instance leases (docs/architecture.md, "Quota leases"): whether they are used, from how many
   * lease requests per second on one quota on this instance a quota counts as busy (0: always),
   * the share of the limit one instance lease reserves at most, and whether busy teams' leases
   * are granted in groups (docs/architecture.md, "Leases granted in groups").
   */
  public record InstanceLeaseSettings(boolean enabled, int busyPerSecond, BigDecimal fractionOfLimit,
      boolean grouped) {}

  /** Gauges: how many lease groups this instance granted, and how many leases they granted. */
  public static final String LEASE_GROUPS = "tollgate.lease_groups.groups";
  public static final String LEASES_GROUPED = "tollgate.lease_groups.granted";

  private QuotaFeature() {}

  /**
   * Registers this feature's resources, with the instance's source rules and price book;
   * returns the lease service, whose quota states the web console shows.
   */
  public static LeaseService register(FeatureContext context, LeaseLimits limits, SourceClassifier sources,
      PriceBookCache prices) {
    InstanceLeaseSettings settings = limits.instanceLeases();
    InstanceLeases instanceLeases = settings.enabled()
        ? new InstanceLeases(context.jdbi(), context.clock(), instanceName(), limits.ttl(), settings.fractionOfLimit(),
            limits.maxFractionOfRemaining(), settings.busyPerSecond())
        : null;
    LeaseService leases = new LeaseService(context.jdbi(), context.clock(), sources,
        limits.ttl(), limits.maxFractionOfLimit(), limits.maxFractionOfRemaining(),
        limits.maxClientShareOfLimit(), prices, instanceLeases, settings.grouped());
    leases.groups().ifPresent(groups -> {
      context.environment().lifecycle().manage(groups);
      context.environment().metrics().gauge(LEASE_GROUPS, () -> groups::groups);
      context.environment().metrics().gauge(LEASES_GROUPED, () -> groups::granted);
    });
    context.environment().jersey().register(new QuotaResource(leases, new SettleService(context.jdbi(),
        context.clock()), context.environment().metrics()));
    return leases;
  }

  /** This process, as operators would look for it: host name and a random suffix. */
  private static String instanceName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown";
    }
    return host + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }
}
