package dev.tollgate.collector.metrics;

import dev.tollgate.collector.quota.PlanDao;
import dev.tollgate.collector.quota.Quota;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The quotas {@code tollgate_quota_used_ratio} reports: those of active subscriptions of active teams. */
public interface QuotaUsageDao {

  /** A quota with its team's name. */
  record TeamQuota(String team, Quota quota) {}

  @SqlQuery("""
      SELECT q.id, q.subscription_id, q.unit, q.period, q."limit", q.enforcement, q.alert_thresholds, t.name AS team
      FROM quotas q
      JOIN subscriptions s ON s.id = q.subscription_id
      JOIN teams t ON t.id = s.team_id
      WHERE s.status = 'active' AND t.status = 'active'
        AND s.starts_at <= :now AND (s.expires_at IS NULL OR s.expires_at > :now)""")
  @RegisterRowMapper(TeamQuotaMapper.class)
  List<TeamQuota> activeQuotas(@Bind("now") Instant now);

  /** Maps a quota row and its team's name. */
  final class TeamQuotaMapper implements RowMapper<TeamQuota> {
    private final PlanDao.QuotaMapper quotas = new PlanDao.QuotaMapper();

    @Override
    public TeamQuota map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new TeamQuota(rs.getString("team"), quotas.map(rs, ctx));
    }
  }
}
