package dev.tollgate.collector.reports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The FOCUS export's query: a month's charge lines summed into FOCUS rows, one per team x
 * client x model x element x day, split further only where a column would otherwise hold two
 * values (source, price entry and so tier and unit price, markup percent, currency). Tags are
 * the key-value pairs every event of the row carries alike.
 */
@RegisterRowMapper(FocusDao.Mapper.class)
public interface FocusDao {

  /**
   * Which events a month's FOCUS file holds: the one place that decides it. Today the events
   * that happened in the month; once months can be closed, the events billed to it.
   */
  String IN_MONTH = "e.ts >= :monthStart AND e.ts < :monthEnd";

  /** The columns one FOCUS row is summed over. */
  String ROW_KEY = "day, team_id, client_id, model, element, service_tier, source, price_id, unit_price, per, "
      + "markup_percent, currency";

  String NO_PRICE_ID = "00000000-0000-0000-0000-000000000000";

  /** The rows of {@code month}, in file order. */
  default ResultIterable<FocusRow> month(YearMonth month) {
    return rows(month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC),
        month.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC));
  }

  @SqlQuery("WITH lines AS ("
      + " SELECT (e.ts AT TIME ZONE 'UTC')::date AS day, e.team_id, e.client_id, coalesce(e.rated_model, '') AS model,"
      + " l.element, l.service_tier, e.source, coalesce(l.price_id, '" + NO_PRICE_ID + "'::uuid) AS price_id,"
      + " l.unit_price, l.per, e.markup_percent, e.currency, l.quantity, l.amount, e.tags"
      + " FROM usage_events e JOIN charge_lines l ON l.event_id = e.id"
      + " WHERE " + IN_MONTH + "),"
      + " grouped AS (SELECT " + ROW_KEY + ", count(*) AS events, sum(quantity) AS quantity, sum(amount) AS amount"
      + " FROM lines GROUP BY " + ROW_KEY + "),"
      // A tag agrees when every event of the row carries it with the same value (an event is in a row once).
      + " tag_counts AS (SELECT " + ROW_KEY + ", t.key, t.value, count(*) AS events"
      + " FROM lines CROSS JOIN LATERAL jsonb_each(lines.tags) t GROUP BY " + ROW_KEY + ", t.key, t.value),"
      + " agreed AS (SELECT " + ROW_KEY + ", jsonb_object_agg(key, value) AS tags"
      + " FROM tag_counts JOIN grouped USING (" + ROW_KEY + ", events) GROUP BY " + ROW_KEY + ")"
      + " SELECT g.*, coalesce(a.tags, '{}'::jsonb)::text AS tags, t.name AS team_name,"
      + " c.client_id AS client_public_id, c.name AS client_name, p.model AS price_model,"
      + " k.provider, k.name AS provider_key_name"
      + " FROM grouped g LEFT JOIN agreed a USING (" + ROW_KEY + ")"
      + " JOIN teams t ON t.id = g.team_id JOIN clients c ON c.id = g.client_id"
      + " LEFT JOIN prices p ON p.id = g.price_id"
      + " LEFT JOIN provider_keys k ON k.id = coalesce(t.provider_key_id,"
      + " (SELECT d.id FROM provider_keys d WHERE d.is_default))"
      + " ORDER BY g.day, t.name, g.team_id, c.client_id, g.model, array_position(ARRAY['requests', 'prompt_tokens',"
      + " 'cached_prompt_tokens', 'cache_write_prompt_tokens', 'audio_prompt_tokens', 'completion_tokens',"
      + " 'reasoning_tokens', 'audio_completion_tokens'], g.element), g.element, g.service_tier, g.source,"
      + " g.price_id, g.markup_percent, g.currency")
  @FetchSize(1000)
  ResultIterable<FocusRow> rows(@Bind("monthStart") OffsetDateTime monthStart,
      @Bind("monthEnd") OffsetDateTime monthEnd);

  /** Maps one summed row. */
  final class Mapper implements RowMapper<FocusRow> {
    @Override
    public FocusRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      UUID priceId = rs.getObject("price_id", UUID.class);
      return new FocusRow(rs.getObject("day", LocalDate.class), rs.getObject("team_id", UUID.class),
          rs.getString("team_name"), rs.getString("client_public_id"), rs.getString("client_name"),
          rs.getString("model"), rs.getString("element"), rs.getString("service_tier"), rs.getString("source"),
          priceId.toString().equals(NO_PRICE_ID) ? null : priceId, rs.getString("price_model"),
          rs.getBigDecimal("unit_price"), rs.getBigDecimal("per"), rs.getBigDecimal("markup_percent"),
          rs.getString("currency"), rs.getBigDecimal("quantity"), rs.getBigDecimal("amount"), rs.getString("tags"),
          rs.getString("provider"), rs.getString("provider_key_name"));
    }
  }
}
