package dev.tollgate.collector.admin.subscriptions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Subscriptions', quotas' and (read-only) quota counters' SQL. */
@RegisterConstructorMapper(SubscriptionRow.class)
@RegisterConstructorMapper(Quota.class)
public interface SubscriptionDao {

  String COLUMNS = "id, team_id, product_id, starts_at, expires_at, status, created_at, updated_at";
  String QUOTA_COLUMNS = "id, subscription_id, unit, period, \"limit\", enforcement, alert_thresholds, created_at";

  /** Summed counter amounts. */
  record Counted(BigDecimal used, BigDecimal reserved) {}

  @SqlUpdate("INSERT INTO subscriptions (" + COLUMNS + ") VALUES "
      + "(:id, :teamId, :productId, :startsAt, :expiresAt, :status, :createdAt, :updatedAt)")
  void insert(@BindMethods SubscriptionRow row);

  @SqlUpdate("UPDATE subscriptions SET expires_at = :expiresAt, status = :status, updated_at = :updatedAt "
      + "WHERE id = :id")
  void update(@BindMethods SubscriptionRow row);

  @SqlQuery("SELECT " + COLUMNS + " FROM subscriptions WHERE id = :id")
  Optional<SubscriptionRow> find(@Bind("id") UUID id);

  /** Whether another active subscription of the team overlaps {@code [startsAt, expiresAt)}. */
  @SqlQuery("SELECT EXISTS (SELECT 1 FROM subscriptions WHERE team_id = :teamId AND status = 'active' "
      + "AND id IS DISTINCT FROM :exceptId "
      + "AND starts_at < COALESCE(CAST(:expiresAt AS timestamptz), 'infinity'::timestamptz) "
      + "AND COALESCE(expires_at, 'infinity'::timestamptz) > :startsAt)")
  boolean overlaps(@Bind("teamId") UUID teamId, @Bind("startsAt") Instant startsAt,
      @Bind("expiresAt") Instant expiresAt, @Bind("exceptId") UUID exceptId);

  @SqlQuery("SELECT " + COLUMNS + " FROM subscriptions "
      + "WHERE (CAST(:teamId AS uuid) IS NULL OR team_id = :teamId) "
      + "AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) > (:afterAt, :afterId)) "
      + "ORDER BY created_at, id LIMIT :limit")
  List<SubscriptionRow> list(@Bind("teamId") UUID teamId, @Bind("afterAt") Instant afterAt,
      @Bind("afterId") UUID afterId, @Bind("limit") int limit);

  @SqlUpdate("INSERT INTO quotas (" + QUOTA_COLUMNS + ") VALUES "
      + "(:id, :subscriptionId, :unit, :period, :limit, :enforcement, :thresholds, :createdAt)")
  void insertQuota(@BindMethods Quota quota, @Bind("thresholds") Integer[] alertThresholds);

  @SqlUpdate("UPDATE quotas SET \"limit\" = :limit, enforcement = :enforcement, alert_thresholds = :thresholds "
      + "WHERE id = :id")
  void updateQuota(@Bind("id") UUID id, @Bind("limit") BigDecimal limit, @Bind("enforcement") String enforcement,
      @Bind("thresholds") Integer[] alertThresholds);

  @SqlUpdate("DELETE FROM quota_lease_grants WHERE quota_id = :id")
  void deleteQuotaGrants(@Bind("id") UUID id);

  @SqlUpdate("DELETE FROM quota_counters WHERE quota_id = :id")
  void deleteQuotaCounters(@Bind("id") UUID id);

  @SqlUpdate("DELETE FROM quotas WHERE id = :id")
  void deleteQuota(@Bind("id") UUID id);

  @SqlQuery("SELECT " + QUOTA_COLUMNS + " FROM quotas WHERE subscription_id IN (<ids>) "
      + "ORDER BY created_at, unit, period, id")
  List<Quota> quotasOf(@BindList("ids") List<UUID> subscriptionIds);

  /** One period's counter, or with {@code periodStart} null every period's (a total quota). */
  @SqlQuery("SELECT COALESCE(SUM(used), 0) AS used, COALESCE(SUM(reserved), 0) AS reserved FROM quota_counters "
      + "WHERE quota_id = :quotaId "
      + "AND (CAST(:periodStart AS timestamptz) IS NULL OR period_start = :periodStart)")
  @RegisterConstructorMapper(Counted.class)
  Counted counted(@Bind("quotaId") UUID quotaId, @Bind("periodStart") Instant periodStart);
}
