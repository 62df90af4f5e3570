package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Reads what admission needs: a team's plan (its status, subscriptions with product, markup
 * and sources, and quotas) and a client's status.
 * Attach it to the transaction's handle ({@code handle.attach(PlanDao.class).load(teamId)}).
 */
public interface PlanDao {

  /** The team's plan; a team that does not exist is treated as disabled. */
  default TeamPlan load(UUID teamId) {
    Map<UUID, List<Quota>> quotas = new HashMap<>();
    for (Quota q : quotas(teamId)) {
      quotas.computeIfAbsent(q.subscriptionId(), k -> new ArrayList<>()).add(q);
    }
    List<Subscription> subscriptions = subscriptions(teamId).stream()
        .map(s -> new Subscription(s.id(), s.productId(), s.markupPercent(), s.startsAt(), s.expiresAt(), s.enabled(),
            s.sources(), quotas.getOrDefault(s.id(), List.of())))
        .toList();
    return new TeamPlan(teamStatus(teamId).map("active"::equals).orElse(false), subscriptions);
  }

  @SqlQuery("SELECT status FROM teams WHERE id = :team")
  Optional<String> teamStatus(@Bind("team") UUID teamId);

  @SqlQuery("SELECT status FROM clients WHERE id = :id")
  Optional<String> clientStatus(@Bind("id") UUID clientId);

  @SqlQuery("""
      SELECT q.id, q.subscription_id, q.unit, q.period, q."limit", q.enforcement, q.alert_thresholds
      FROM quotas q JOIN subscriptions s ON s.id = q.subscription_id
      WHERE s.team_id = :team""")
  @RegisterRowMapper(QuotaMapper.class)
  List<Quota> quotas(@Bind("team") UUID teamId);

  /** The team's subscriptions, each without its quotas. */
  @SqlQuery("""
      SELECT s.id, s.product_id, p.markup_percent, s.starts_at, s.expires_at, s.status,
             ARRAY(SELECT so.name FROM product_sources ps JOIN sources so ON so.id = ps.source_id
                   WHERE ps.product_id = s.product_id) AS sources
      FROM subscriptions s JOIN products p ON p.id = s.product_id
      WHERE s.team_id = :team""")
  @RegisterRowMapper(SubscriptionMapper.class)
  List<Subscription> subscriptions(@Bind("team") UUID teamId);

  /** Maps a {@code quotas} row. */
  final class QuotaMapper implements RowMapper<Quota> {
    @Override
    public Quota map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Quota(rs.getObject("id", UUID.class), rs.getObject("subscription_id", UUID.class),
          Unit.fromWire(rs.getString("unit")), Period.fromWire(rs.getString("period")),
          rs.getBigDecimal("limit"), "hard".equals(rs.getString("enforcement")),
          List.of((Integer[]) rs.getArray("alert_thresholds").getArray()));
    }
  }

  /** Maps a subscription row with its product's markup and sources; quotas are added by {@link #load}. */
  final class SubscriptionMapper implements RowMapper<Subscription> {
    @Override
    public Subscription map(ResultSet rs, StatementContext ctx) throws SQLException {
      Array sources = rs.getArray("sources");
      BigDecimal markup = rs.getBigDecimal("markup_percent");
      return new Subscription(rs.getObject("id", UUID.class), rs.getObject("product_id", UUID.class),
          markup == null ? BigDecimal.ZERO : markup, rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
          Optional.ofNullable(rs.getObject("expires_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
          "active".equals(rs.getString("status")), Set.of((String[]) sources.getArray()), List.of());
    }
  }
}
