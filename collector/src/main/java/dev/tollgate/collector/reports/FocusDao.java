package dev.tollgate.collector.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The FOCUS export's query: a month's charge lines summed per FOCUS row and per tags object,
 * in file order, so that the parts of one row (its events' different tags) arrive one after
 * another and {@link FocusExport} folds them, keeping the tags they all agree on. A row is one
 * team x client x model x element x day, split further only where a column would otherwise
 * hold two values (source, price entry and so tier and unit price, markup percent, currency).
 */
@RegisterRowMapper(FocusDao.Mapper.class)
public interface FocusDao {

  /**
   * Which events a month's FOCUS file holds: the one place that decides it. The events billed
   * to the month: those that happened in it, and those dated in a closed month before it that
   * arrived after it was closed (each keeps its own day, its ChargePeriod). So a closed month's
   * file never changes.
   */
  String IN_MONTH = "e.billing_month = :billingMonth";

  String NO_PRICE_ID = "00000000-0000-0000-0000-000000000000";

  /** The parts of {@code month}'s rows, in file order; call inside a transaction (rows stream from a cursor). */
  default ResultIterable<FocusRow> month(YearMonth month) {
    readsWholeResult();
    return parts(month.atDay(1));
  }

  /**
   * The export reads every row of its cursor: plan for all of them, not for the first tenth
   * (PostgreSQL's default for cursors picks a plan several times slower here).
   */
  @SqlUpdate("SET LOCAL cursor_tuple_fraction = 1.0")
  void readsWholeResult();

  @SqlQuery("SELECT g.*, t.name AS team_name, c.client_id AS client_public_id, c.name AS client_name,"
      + " p.model AS price_model, k.provider, k.name AS provider_key_name"
      + " FROM (SELECT (e.ts AT TIME ZONE 'UTC')::date AS day, e.team_id, e.client_id,"
      + " coalesce(e.rated_model, '') AS model, l.element, l.service_tier, e.source,"
      + " coalesce(l.price_id, '" + NO_PRICE_ID + "'::uuid) AS price_id, l.unit_price, l.per, e.markup_percent,"
      + " e.currency, e.tags::text AS tags, sum(l.quantity) AS quantity, sum(l.amount) AS amount"
      + " FROM usage_events e JOIN charge_lines l ON l.event_id = e.id AND l.event_ts = e.ts"
      + " WHERE " + IN_MONTH
      + " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13) g"
      + " JOIN teams t ON t.id = g.team_id JOIN clients c ON c.id = g.client_id"
      + " LEFT JOIN prices p ON p.id = g.price_id"
      + " LEFT JOIN provider_keys k ON k.id = coalesce(t.provider_key_id,"
      + " (SELECT d.id FROM provider_keys d WHERE d.is_default))"
      + " ORDER BY g.day, t.name, g.team_id, c.client_id, g.model, array_position(ARRAY['requests', 'prompt_tokens',"
      + " 'cached_prompt_tokens', 'cache_write_prompt_tokens', 'audio_prompt_tokens', 'completion_tokens',"
      + " 'reasoning_tokens', 'audio_completion_tokens'], g.element), g.element, g.service_tier, g.source,"
      + " g.price_id, g.unit_price, g.per, g.markup_percent, g.currency")
  @FetchSize(2000)
  ResultIterable<FocusRow> parts(@Bind("billingMonth") LocalDate billingMonth);

  /** Maps one part: the sums of the lines of one row whose events carry one tags object. */
  final class Mapper implements RowMapper<FocusRow> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {};

    @Override
    public FocusRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      UUID priceId = rs.getObject("price_id", UUID.class);
      FocusRow.Key key = new FocusRow.Key(rs.getObject("day", LocalDate.class), rs.getObject("team_id", UUID.class),
          rs.getString("client_public_id"), rs.getString("model"), rs.getString("element"),
          rs.getString("service_tier"), rs.getString("source"), priceId.toString().equals(NO_PRICE_ID) ? null : priceId,
          rs.getBigDecimal("unit_price"), rs.getBigDecimal("per"), rs.getBigDecimal("markup_percent"),
          rs.getString("currency"));
      return new FocusRow(key, rs.getString("team_name"), rs.getString("client_name"), rs.getString("price_model"),
          rs.getString("provider"), rs.getString("provider_key_name"), rs.getBigDecimal("quantity"),
          rs.getBigDecimal("amount"), tags(rs.getString("tags")));
    }

    private static Map<String, String> tags(String json) throws SQLException {
      try {
        return JSON.readValue(json, TAGS);
      } catch (JsonProcessingException e) {
        throw new SQLException("usage_events.tags is not an object of strings: " + json, e);
      }
    }
  }
}
