package dev.tollgate.collector.admin.subscriptions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The SQL of {@code subscriptions} rows; reading them with their product and quotas, and
 * writing quotas, is {@link dev.tollgate.collector.quota.PlanDao}'s.
 */
@RegisterConstructorMapper(SubscriptionRow.class)
public interface SubscriptionDao {

  String COLUMNS = "id, team_id, product_id, starts_at, expires_at, status, created_at, updated_at";

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
}
