package dev.tollgate.collector.alerts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The sender's SQL. A delivery is claimed by pushing its {@code next_attempt_at} past the
 * claim timeout and counting the attempt, in one statement that skips rows another instance
 * is claiming; a claim that is never finished (the instance died) falls due again by itself.
 * Finishing checks the attempt number, so a claim that timed out and was taken over cannot
 * overwrite the newer attempt's outcome.
 */
public interface DeliveryDao {

  /** A claimed delivery with its channel, and what to send: an alert's {@code payload} or a test's {@code samples}. */
  record Claim(UUID id, UUID alertId, UUID channelId, int attempts, Instant createdAt, String payload,
      String samples, String channelType, byte[] urlCiphertext, byte[] secretCiphertext, String urlHint,
      boolean enabled, boolean deleted) {}

  @SqlQuery("""
      WITH due AS (
        SELECT id FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= :now
        ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
      ), claimed AS (
        UPDATE alert_deliveries d SET attempts = d.attempts + 1, next_attempt_at = :until
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.alert_id, d.channel_id, d.attempts, d.created_at, d.samples
      )
      SELECT k.id, k.alert_id, k.channel_id, k.attempts, k.created_at, a.payload::text AS payload,
             k.samples::text AS samples, c.type AS channel_type, c.url_ciphertext, c.secret_ciphertext, c.url_hint,
             c.enabled, c.deleted_at IS NOT NULL AS deleted
      FROM claimed k JOIN alert_channels c ON c.id = k.channel_id LEFT JOIN alerts a ON a.id = k.alert_id""")
  @RegisterConstructorMapper(Claim.class)
  Optional<Claim> claim(@Bind("now") Instant now, @Bind("until") Instant claimedUntil);

  @SqlUpdate("UPDATE alert_deliveries SET status = 'delivered', delivered_at = :now, last_error = NULL "
      + "WHERE id = :id AND attempts = :attempts AND status = 'pending'")
  int delivered(@Bind("id") UUID id, @Bind("attempts") int attempts, @Bind("now") Instant now);

  @SqlUpdate("UPDATE alert_deliveries SET next_attempt_at = :next, last_error = :error "
      + "WHERE id = :id AND attempts = :attempts AND status = 'pending'")
  int retryLater(@Bind("id") UUID id, @Bind("attempts") int attempts, @Bind("next") Instant next,
      @Bind("error") String error);

  @SqlUpdate("UPDATE alert_deliveries SET status = 'failed', last_error = :error "
      + "WHERE id = :id AND attempts = :attempts AND status = 'pending'")
  int failed(@Bind("id") UUID id, @Bind("attempts") int attempts, @Bind("error") String error);
}
