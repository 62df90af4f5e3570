package dev.tollgate.collector.audit;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Writes the audit log, and reads it newest first. */
@RegisterConstructorMapper(AuditRow.class)
public interface AuditDao {

  @SqlQuery("SELECT id, at, actor, action, target_type, target_id, details::text AS details FROM audit_log "
      + "WHERE (CAST(:from AS timestamptz) IS NULL OR at >= :from) "
      + "AND (CAST(:to AS timestamptz) IS NULL OR at < :to) "
      + "AND (CAST(:beforeAt AS timestamptz) IS NULL OR (at, id) < (:beforeAt, :beforeId)) "
      + "ORDER BY at DESC, id DESC LIMIT :limit")
  List<AuditRow> list(@Bind("from") Instant from, @Bind("to") Instant to, @Bind("beforeAt") Instant beforeAt,
      @Bind("beforeId") long beforeId, @Bind("limit") int limit);

  @SqlUpdate("""
      INSERT INTO audit_log (at, actor, action, target_type, target_id, details)
      VALUES (:at, :actor, :action, :targetType, :targetId, CAST(:details AS jsonb))""")
  void insert(@Bind("at") Instant at, @Bind("actor") String actor, @Bind("action") String action,
      @Bind("targetType") String targetType, @Bind("targetId") String targetId, @Bind("details") String details);
}
