package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Reads a team's plan: its status, subscriptions with product, markup and sources, and quotas. */
public final class PlanDao {

  private static final String SUBSCRIPTIONS = """
      SELECT s.id, s.product_id, p.markup_percent, s.starts_at, s.expires_at, s.status,
             ARRAY(SELECT so.name FROM product_sources ps JOIN sources so ON so.id = ps.source_id
                   WHERE ps.product_id = s.product_id) AS sources
      FROM subscriptions s JOIN products p ON p.id = s.product_id
      WHERE s.team_id = :team""";

  private static final String QUOTAS = """
      SELECT q.id, q.subscription_id, q.unit, q.period, q."limit", q.enforcement, q.alert_thresholds
      FROM quotas q JOIN subscriptions s ON s.id = q.subscription_id
      WHERE s.team_id = :team""";

  private PlanDao() {}

  /** The team's plan; a team that does not exist is treated as disabled. */
  public static TeamPlan load(Handle handle, UUID teamId) {
    Optional<String> status = handle.createQuery("SELECT status FROM teams WHERE id = :team")
        .bind("team", teamId).mapTo(String.class).findOne();
    Map<UUID, List<Quota>> quotas = new HashMap<>();
    handle.createQuery(QUOTAS).bind("team", teamId)
        .map((rs, ctx) -> new Quota(rs.getObject("id", UUID.class), rs.getObject("subscription_id", UUID.class),
            Unit.fromWire(rs.getString("unit")), Period.fromWire(rs.getString("period")),
            rs.getBigDecimal("limit"), "hard".equals(rs.getString("enforcement")),
            List.of((Integer[]) rs.getArray("alert_thresholds").getArray())))
        .forEach(q -> quotas.computeIfAbsent(q.subscriptionId(), k -> new ArrayList<>()).add(q));
    List<Subscription> subscriptions = handle.createQuery(SUBSCRIPTIONS).bind("team", teamId)
        .map((rs, ctx) -> subscription(rs, quotas)).list();
    return new TeamPlan(status.map("active"::equals).orElse(false), subscriptions);
  }

  private static Subscription subscription(ResultSet rs, Map<UUID, List<Quota>> quotas) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    Array sources = rs.getArray("sources");
    BigDecimal markup = rs.getBigDecimal("markup_percent");
    return new Subscription(id, rs.getObject("product_id", UUID.class), markup == null ? BigDecimal.ZERO : markup,
        instant(rs, "starts_at"), Optional.ofNullable(rs.getObject("expires_at", OffsetDateTime.class))
            .map(OffsetDateTime::toInstant),
        "active".equals(rs.getString("status")), Set.of((String[]) sources.getArray()),
        quotas.getOrDefault(id, List.of()));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
