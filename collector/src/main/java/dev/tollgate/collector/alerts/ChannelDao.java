package dev.tollgate.collector.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Alert channels' SQL, and the test sends queued for them. Deleted channels are invisible here. */
@RegisterRowMapper(ChannelDao.ChannelMapper.class)
public interface ChannelDao {

  String COLUMNS = "id, type, url_hint, team_id, types, enabled, created_at, updated_at";

  @SqlUpdate("INSERT INTO alert_channels (id, type, url_ciphertext, url_hint, secret_ciphertext, team_id, types, "
      + "enabled, created_at, updated_at) VALUES (:id, :type, :url, :hint, :secret, :team, :types, TRUE, :now, :now)")
  void insert(@Bind("id") UUID id, @Bind("type") String type, @Bind("url") byte[] urlCiphertext,
      @Bind("hint") String urlHint, @Bind("secret") byte[] secretCiphertext, @Bind("team") UUID teamId,
      @Bind("types") String[] types, @Bind("now") Instant now);

  @SqlQuery("SELECT " + COLUMNS + " FROM alert_channels WHERE id = :id AND deleted_at IS NULL")
  Optional<Channel> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM alert_channels WHERE deleted_at IS NULL "
      + "AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) > (:afterAt, :afterId)) "
      + "ORDER BY created_at, id LIMIT :limit")
  List<Channel> list(@Bind("afterAt") Instant afterAt, @Bind("afterId") UUID afterId, @Bind("limit") int limit);

  /** A null {@code urlCiphertext} keeps the URL. */
  @SqlUpdate("UPDATE alert_channels SET url_ciphertext = COALESCE(:url, url_ciphertext), url_hint = :hint, "
      + "team_id = :team, types = :types, enabled = :enabled, updated_at = :now WHERE id = :id")
  void update(@Bind("id") UUID id, @Bind("url") byte[] urlCiphertext, @Bind("hint") String urlHint,
      @Bind("team") UUID teamId, @Bind("types") String[] types, @Bind("enabled") boolean enabled,
      @Bind("now") Instant now);

  /** Keeps the row for the delivery history; the URL and secret are erased. */
  @SqlUpdate("UPDATE alert_channels SET deleted_at = :now, updated_at = :now, enabled = FALSE, "
      + "url_ciphertext = NULL, secret_ciphertext = NULL WHERE id = :id")
  void delete(@Bind("id") UUID id, @Bind("now") Instant now);

  @SqlUpdate("UPDATE alert_deliveries SET status = 'failed', last_error = :reason "
      + "WHERE channel_id = :id AND status = 'pending'")
  int failPending(@Bind("id") UUID channelId, @Bind("reason") String reason);

  @SqlUpdate("INSERT INTO alert_deliveries (id, channel_id, samples, status, attempts, next_attempt_at, created_at) "
      + "VALUES (:id, :channel, CAST(:samples AS json), 'pending', 0, :now, :now)")
  void insertTest(@Bind("id") UUID id, @Bind("channel") UUID channelId, @Bind("samples") String samples,
      @Bind("now") Instant now);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM teams WHERE id = :id)")
  boolean teamExists(@Bind("id") UUID teamId);

  /** Maps a channel row; {@code types} is a text array. */
  final class ChannelMapper implements RowMapper<Channel> {
    @Override
    public Channel map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Channel(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("url_hint"),
          rs.getObject("team_id", UUID.class), List.of((String[]) rs.getArray("types").getArray()),
          rs.getBoolean("enabled"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
      return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
  }
}
