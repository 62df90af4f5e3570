package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The SQL of subscriptions as plans and of their quotas: a team's plan (its status,
 * subscriptions with product, markup and sources, and quotas), subscriptions with their quotas
 * for the admin API, and writing quotas (a client's status for admission: {@link AdmissionSql}).
 * Attach it to the transaction's handle ({@code handle.attach(PlanDao.class).load(teamId)}).
 */
@RegisterRowMapper(PlanDao.QuotaMapper.class)
@RegisterRowMapper(PlanDao.SubscriptionMapper.class)
public interface PlanDao {

  String SUBSCRIPTION_SELECT = """
      SELECT s.id, s.team_id, s.product_id, p.markup_percent, s.starts_at, s.expires_at, s.status,
             s.created_at, s.updated_at,
             ARRAY(SELECT so.name FROM product_sources ps JOIN sources so ON so.id = ps.source_id
                   WHERE ps.product_id = s.product_id) AS sources
      FROM subscriptions s JOIN products p ON p.id = s.product_id
      """;
  String QUOTA_COLUMNS = "id, subscription_id, unit, period, \"limit\", enforcement, alert_thresholds, created_at";

  /** The team's plan; a team that does not exist is treated as disabled. */
  default TeamPlan load(UUID teamId) {
    Map<UUID, List<Quota>> quotas = group(quotas(teamId));
    List<Subscription> subscriptions = subscriptions(teamId).stream()
        .map(s -> s.withQuotas(quotas.getOrDefault(s.id(), List.of())))
        .toList();
    return new TeamPlan(teamStatus(teamId).map("active"::equals).orElse(false), subscriptions);
  }

  /** The subscriptions {@code ids} that exist, with their quotas, in the order of {@code ids}. */
  default List<Subscription> withQuotas(List<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<UUID, List<Quota>> quotas = group(quotasOf(ids));
    Map<UUID, Subscription> found = new LinkedHashMap<>();
    for (Subscription s : subscriptionsById(ids)) {
      found.put(s.id(), s.withQuotas(quotas.getOrDefault(s.id(), List.of())));
    }
    return ids.stream().map(found::get).filter(s -> s != null).toList();
  }

  /** {@code quotas} by subscription id, in their order. */
  static Map<UUID, List<Quota>> group(List<Quota> quotas) {
    return quotas.stream().collect(Collectors.groupingBy(Quota::subscriptionId, LinkedHashMap::new,
        Collectors.toList()));
  }

  @SqlQuery("SELECT status FROM teams WHERE id = :team")
  Optional<String> teamStatus(@Bind("team") UUID teamId);

  @SqlQuery("SELECT " + QUOTA_COLUMNS + " FROM quotas "
      + "WHERE subscription_id IN (SELECT id FROM subscriptions WHERE team_id = :team)")
  List<Quota> quotas(@Bind("team") UUID teamId);

  @SqlQuery("SELECT " + QUOTA_COLUMNS + " FROM quotas WHERE subscription_id IN (<ids>) "
      + "ORDER BY created_at, unit, period, id")
  List<Quota> quotasOf(@BindList("ids") List<UUID> subscriptionIds);

  /** The team's subscriptions, each without its quotas. */
  @SqlQuery(SUBSCRIPTION_SELECT + "WHERE s.team_id = :team")
  List<Subscription> subscriptions(@Bind("team") UUID teamId);

  /** The subscriptions {@code ids}, each without its quotas. */
  @SqlQuery(SUBSCRIPTION_SELECT + "WHERE s.id IN (<ids>)")
  List<Subscription> subscriptionsById(@BindList("ids") List<UUID> ids);

  @SqlUpdate("INSERT INTO quotas (" + QUOTA_COLUMNS + ") VALUES "
      + "(:id, :subscriptionId, :unit, :period, :limit, :enforcement, :thresholds, :createdAt)")
  void insertQuota(@Bind("id") UUID id, @Bind("subscriptionId") UUID subscriptionId, @Bind("unit") String unit,
      @Bind("period") String period, @Bind("limit") BigDecimal limit, @Bind("enforcement") String enforcement,
      @Bind("thresholds") Integer[] alertThresholds, @Bind("createdAt") Instant createdAt);

  /** Writes {@code quota} as a new row. */
  default void insert(Quota quota) {
    insertQuota(quota.id(), quota.subscriptionId(), quota.unit().wireName(), quota.period().wireName(),
        quota.limit(), quota.enforcement().wireName(), quota.alertThresholds().toArray(Integer[]::new),
        quota.createdAt());
  }

  @SqlUpdate("UPDATE quotas SET \"limit\" = :limit, enforcement = :enforcement, alert_thresholds = :thresholds "
      + "WHERE id = :id")
  void updateQuota(@Bind("id") UUID id, @Bind("limit") BigDecimal limit, @Bind("enforcement") String enforcement,
      @Bind("thresholds") Integer[] alertThresholds);

  /** Deletes a quota with its counters and lease slices (they mean nothing without it). */
  default void delete(UUID quotaId) {
    deleteGrants(quotaId);
    deleteInstanceLeases(quotaId);
    deleteCounters(quotaId);
    deleteQuota(quotaId);
  }

  @SqlUpdate("DELETE FROM quota_lease_grants WHERE quota_id = :id")
  void deleteGrants(@Bind("id") UUID id);

  @SqlUpdate("DELETE FROM quota_instance_leases WHERE quota_id = :id")
  void deleteInstanceLeases(@Bind("id") UUID id);

  @SqlUpdate("DELETE FROM quota_counters WHERE quota_id = :id")
  void deleteCounters(@Bind("id") UUID id);

  @SqlUpdate("DELETE FROM quotas WHERE id = :id")
  void deleteQuota(@Bind("id") UUID id);

  /** A quota with its team's name. */
  record TeamQuota(String team, Quota quota) {}

  /** The quotas of active subscriptions of active teams at {@code now} (the quota metrics report them). */
  @SqlQuery("""
      SELECT q.id, q.subscription_id, q.unit, q.period, q."limit", q.enforcement, q.alert_thresholds, q.created_at,
             t.name AS team
      FROM quotas q
      JOIN subscriptions s ON s.id = q.subscription_id
      JOIN teams t ON t.id = s.team_id
      WHERE s.status = 'active' AND t.status = 'active'
        AND s.starts_at <= :now AND (s.expires_at IS NULL OR s.expires_at > :now)""")
  @RegisterRowMapper(TeamQuotaMapper.class)
  List<TeamQuota> activeQuotas(@Bind("now") Instant now);

  /** Maps a quota row and its team's name. */
  final class TeamQuotaMapper implements RowMapper<TeamQuota> {
    private final QuotaMapper quotas = new QuotaMapper();

    @Override
    public TeamQuota map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new TeamQuota(rs.getString("team"), quotas.map(rs, ctx));
    }
  }

  /** Maps a {@code quotas} row. */
  final class QuotaMapper implements RowMapper<Quota> {
    @Override
    public Quota map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Quota(rs.getObject("id", UUID.class), rs.getObject("subscription_id", UUID.class),
          Unit.fromWire(rs.getString("unit")), Period.fromWire(rs.getString("period")),
          rs.getBigDecimal("limit"), Enforcement.fromWire(rs.getString("enforcement")),
          List.of((Integer[]) rs.getArray("alert_thresholds").getArray()),
          rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
  }

  /** Maps a subscription row with its product's markup and sources; quotas are added by the callers. */
  final class SubscriptionMapper implements RowMapper<Subscription> {
    @Override
    public Subscription map(ResultSet rs, StatementContext ctx) throws SQLException {
      Array sources = rs.getArray("sources");
      BigDecimal markup = rs.getBigDecimal("markup_percent");
      return new Subscription(rs.getObject("id", UUID.class), rs.getObject("team_id", UUID.class),
          rs.getObject("product_id", UUID.class), instant(rs, "starts_at"), instant(rs, "expires_at"),
          rs.getString("status"), List.of(), instant(rs, "created_at"), instant(rs, "updated_at"),
          markup == null ? BigDecimal.ZERO : markup, Set.of((String[]) sources.getArray()));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
      OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    }
  }
}
