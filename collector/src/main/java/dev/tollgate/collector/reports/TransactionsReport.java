package dev.tollgate.collector.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.common.Cursors;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The transaction log: events newest first, paged by the keyset {@code (ts, id)} so that
 * paging never repeats or skips a row while new events arrive (a new event sorts either
 * before the cursor, on a page already read, or after it, on a page still to come).
 */
final class TransactionsReport {

  private static final String ITEM_COLUMNS = "e.id, e.ts, e.team_id, e.client_id, e.source, e.rated_model, "
      + "e.status_code, e.latency_ms, e.prompt_tokens, e.cached_prompt_tokens, e.completion_tokens, "
      + "e.total_cost, e.currency, e.unpriced, e.estimated, e.service_tier";

  private final Jdbi jdbi;
  private final ObjectMapper json;

  TransactionsReport(Jdbi jdbi, ObjectMapper json) {
    this.jdbi = jdbi;
    this.json = json;
  }

  /** Where a page starts: strictly after (older than) this event. */
  record Keyset(Instant ts, UUID id) {

    String encode() {
      return Cursors.encode("tx", ts.toString(), id.toString());
    }

    static Keyset decode(String cursor) {
      List<String> parts = Cursors.decode(cursor, 3);
      try {
        if (!parts.get(0).equals("tx")) {
          throw new IllegalArgumentException("not a transactions cursor");
        }
        return new Keyset(Instant.parse(parts.get(1)), ReportParams.parseUuid("cursor", parts.get(2)));
      } catch (RuntimeException e) {
        throw ProblemException.badRequest(
            "cursor is not a cursor this endpoint issued", "cursor");
      }
    }
  }

  Page<TransactionItem> page(ReportFilter filter, int limit, Optional<Keyset> after) {
    if (filter.matchesNothing()) {
      return new Page<>(List.of(), null);
    }
    ReportSql sql = new ReportSql();
    String where = where(sql, filter, after);
    String text = "SELECT e.*, t.name AS team_name, c.client_id AS public_client_id, c.name AS client_name "
        + "FROM (SELECT " + ITEM_COLUMNS + " FROM usage_events e WHERE " + where
        + " ORDER BY e.ts DESC, e.id DESC LIMIT " + sql.bind(limit + 1) + ") e "
        + "JOIN teams t ON t.id = e.team_id JOIN clients c ON c.id = e.client_id "
        + "ORDER BY e.ts DESC, e.id DESC";
    List<TransactionItem> rows = jdbi.withHandle(h -> sql.query(h, text)
        .map((rs, ctx) -> item(rs, rs.getString("team_name"), rs.getString("public_client_id"),
            rs.getString("client_name")))
        .list());
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<TransactionItem> items = rows.subList(0, limit);
    TransactionItem last = items.get(limit - 1);
    return new Page<>(items, new Keyset(last.timestamp(), last.id()).encode());
  }

  /**
   * Every matching event, newest first, read with a server-side cursor so that an export of
   * millions of rows never sits in memory. Names come from one read of teams and clients.
   */
  void stream(ReportFilter filter, Optional<Keyset> after, Consumer<TransactionItem> sink) {
    if (filter.matchesNothing()) {
      return;
    }
    ReportSql sql = new ReportSql();
    String text = "SELECT " + ITEM_COLUMNS + " FROM usage_events e WHERE " + where(sql, filter, after)
        + " ORDER BY e.ts DESC, e.id DESC";
    jdbi.useTransaction(h -> {
      Map<UUID, String> teams = new HashMap<>();
      h.createQuery("SELECT id, name FROM teams").map((rs, ctx) -> teams.put(uuid(rs, "id"), rs.getString("name")))
          .list();
      Map<UUID, String[]> clients = new HashMap<>();
      h.createQuery("SELECT id, client_id, name FROM clients")
          .map((rs, ctx) -> clients.put(uuid(rs, "id"), new String[] {rs.getString("client_id"), rs.getString("name")}))
          .list();
      sql.query(h, text).setFetchSize(2000)
          .map((rs, ctx) -> {
            String[] client = clients.getOrDefault(uuid(rs, "client_id"), new String[2]);
            return item(rs, teams.get(uuid(rs, "team_id")), client[0], client[1]);
          })
          .useStream(rows -> rows.forEach(sink));
    });
  }

  private static String where(ReportSql sql, ReportFilter filter, Optional<Keyset> after) {
    String where = "e.ts >= " + sql.bind(utc(filter.from())) + " AND e.ts < " + sql.bind(utc(filter.to()))
        + " AND " + sql.filterConditions(filter, "e", false);
    if (after.isPresent()) {
      where += " AND (e.ts, e.id) < (" + sql.bind(utc(after.get().ts())) + ", " + sql.bind(after.get().id()) + ")";
    }
    return where;
  }

  /** One event with its charge lines, if it exists and {@code team} (when given) owns it. */
  Optional<TransactionDetail> detail(UUID id, Optional<UUID> team) {
    return jdbi.withHandle(h -> {
      Optional<TransactionDetail> detail = h.createQuery(
              "SELECT e.*, t.name AS team_name, c.client_id AS public_client_id, c.name AS client_name, "
                  + "p.name AS product_name FROM usage_events e JOIN teams t ON t.id = e.team_id "
                  + "JOIN clients c ON c.id = e.client_id LEFT JOIN products p ON p.id = e.product_id "
                  + "WHERE e.id = :id AND (CAST(:team AS uuid) IS NULL OR e.team_id = :team)")
          .bind("id", id)
          .bind("team", team.orElse(null))
          .map((rs, ctx) -> detail(rs))
          .findOne();
      return detail.map(d -> d.withCharges(h.createQuery(
              "SELECT element, quantity, unit_price, per, amount, service_tier FROM charge_lines WHERE event_id = :id "
                  + "ORDER BY array_position(ARRAY['requests', 'prompt_tokens', 'cached_prompt_tokens', "
                  + "'cache_write_prompt_tokens', 'audio_prompt_tokens', 'completion_tokens', 'reasoning_tokens', "
                  + "'audio_completion_tokens'], element), element")
          .bind("id", id)
          .map((rs, ctx) -> new TransactionDetail.Charge(rs.getString("element"), rs.getLong("quantity"),
              money(rs, "unit_price"), money(rs, "per"), money(rs, "amount"), rs.getString("service_tier")))
          .list()));
    });
  }

  private static TransactionItem item(ResultSet rs, String team, String client, String clientName)
      throws SQLException {
    return new TransactionItem(uuid(rs, "id"), instant(rs, "ts"), uuid(rs, "team_id"), team, client, clientName,
        rs.getString("source"), rs.getString("rated_model"), rs.getInt("status_code"), rs.getInt("latency_ms"),
        rs.getLong("prompt_tokens"), rs.getLong("cached_prompt_tokens"), rs.getLong("completion_tokens"),
        money(rs, "total_cost"), rs.getString("currency"), rs.getBoolean("unpriced"), rs.getBoolean("estimated"),
        rs.getString("service_tier"));
  }

  private TransactionDetail detail(ResultSet rs) throws SQLException {
    int ttft = rs.getInt("ttft_ms");
    Integer ttftMs = rs.wasNull() ? null : ttft;
    return new TransactionDetail(uuid(rs, "id"), instant(rs, "ts"), uuid(rs, "team_id"), rs.getString("team_name"),
        rs.getString("public_client_id"), rs.getString("client_name"), rs.getString("source"),
        rs.getString("rated_model"), rs.getInt("status_code"), rs.getInt("latency_ms"), rs.getLong("prompt_tokens"),
        rs.getLong("cached_prompt_tokens"), rs.getLong("completion_tokens"), money(rs, "total_cost"),
        rs.getString("currency"), rs.getBoolean("unpriced"), rs.getBoolean("estimated"),
        instant(rs, "received_at"), rs.getString("endpoint"), rs.getString("method"),
        rs.getString("request_model"), rs.getString("model"), ttftMs, rs.getBoolean("streamed"),
        uuid(rs, "lease_id"), rs.getString("trace_id"), rs.getString("end_user"), jsonb(rs, "tags"),
        jsonb(rs, "error"), rs.getLong("cache_write_prompt_tokens"), rs.getLong("audio_prompt_tokens"),
        rs.getLong("reasoning_tokens"), rs.getLong("audio_completion_tokens"), uuid(rs, "product_id"),
        rs.getString("product_name"), List.of(), money(rs, "subtotal"), money(rs, "markup_percent"),
        money(rs, "markup"), instant(rs, "price_effective_from"), instant(rs, "rated_at"), rs.getString("service_tier"));
  }

  private JsonNode jsonb(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored " + column + " is not JSON", e);
    }
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static String money(ResultSet rs, String column) throws SQLException {
    BigDecimal value = rs.getBigDecimal(column);
    return value == null ? null : value.toPlainString();
  }
}
