package dev.tollgate.collector.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL of raising alerts into the outbox and of listing them with their deliveries. */
public interface AlertDao {

  /** An alert as stored: its payload text is what receivers get. */
  record Stored(UUID id, Instant occurredAt, String payload) {}

  /** One delivery of an alert to a channel, as {@code GET /v1/admin/alerts} shows it. */
  record Delivery(UUID alertId, UUID channelId, String status, int attempts, String lastError, Instant deliveredAt) {}

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM alerts WHERE dedup_key = :key)")
  boolean exists(@Bind("key") String dedupKey);

  @SqlQuery("SELECT name FROM teams WHERE id = :id")
  Optional<String> teamName(@Bind("id") UUID teamId);

  /** Inserts the alert unless one with its dedup key exists (raised by any instance); empty if it did. */
  @SqlQuery("INSERT INTO alerts (id, type, dedup_key, occurred_at, team_id, payload) "
      + "VALUES (:id, :type, :key, :at, :team, CAST(:payload AS json)) "
      + "ON CONFLICT (dedup_key) DO NOTHING RETURNING id")
  Optional<UUID> insert(@Bind("id") UUID id, @Bind("type") String type, @Bind("key") String dedupKey,
      @Bind("at") Instant occurredAt, @Bind("team") UUID teamId, @Bind("payload") String payload);

  /** Queues the alert for every enabled channel that takes its team and type. */
  @SqlUpdate("INSERT INTO alert_deliveries (id, alert_id, channel_id, status, attempts, next_attempt_at, created_at) "
      + "SELECT gen_random_uuid(), :alert, c.id, 'pending', 0, :now, :now FROM alert_channels c "
      + "WHERE c.enabled AND c.deleted_at IS NULL AND (c.team_id IS NULL OR c.team_id = :team) "
      + "AND (cardinality(c.types) = 0 OR :type = ANY(c.types))")
  int route(@Bind("alert") UUID alertId, @Bind("team") UUID teamId, @Bind("type") String type,
      @Bind("now") Instant now);

  /** Newest first, in {@code [from, to)} (either may be null), of {@code type} (null: any), after the cursor. */
  @SqlQuery("SELECT id, occurred_at, payload::text AS payload FROM alerts "
      + "WHERE (CAST(:from AS timestamptz) IS NULL OR occurred_at >= :from) "
      + "AND (CAST(:to AS timestamptz) IS NULL OR occurred_at < :to) "
      + "AND (CAST(:type AS text) IS NULL OR type = :type) "
      + "AND (CAST(:beforeAt AS timestamptz) IS NULL OR (occurred_at, id) < (:beforeAt, :beforeId)) "
      + "ORDER BY occurred_at DESC, id DESC LIMIT :limit")
  @RegisterConstructorMapper(Stored.class)
  List<Stored> list(@Bind("from") Instant from, @Bind("to") Instant to, @Bind("type") String type,
      @Bind("beforeAt") Instant beforeAt, @Bind("beforeId") UUID beforeId, @Bind("limit") int limit);

  @SqlQuery("SELECT alert_id, channel_id, status, attempts, last_error, delivered_at FROM alert_deliveries "
      + "WHERE alert_id IN (<ids>) ORDER BY created_at, channel_id")
  @RegisterConstructorMapper(Delivery.class)
  List<Delivery> deliveries(@BindList("ids") List<UUID> alertIds);
}
