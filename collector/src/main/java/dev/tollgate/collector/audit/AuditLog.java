package dev.tollgate.collector.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Records who changed what and who was issued which credential. Call it inside the
 * transaction that makes the change, so the entry exists exactly when the change does.
 * {@code details} must never hold a secret: name the credential, not its value.
 */
public final class AuditLog {

  private final ObjectMapper json;
  private final Clock clock;

  public AuditLog(ObjectMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  public void record(Handle handle, String actor, String action, String targetType, Object targetId,
      Map<String, ?> details) {
    String detailsJson;
    try {
      detailsJson = json.writeValueAsString(details == null ? Map.of() : details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details must be JSON-serialisable", e);
    }
    handle.attach(AuditDao.class).insert(clock.instant(), actor, action, targetType,
        targetId == null ? null : targetId.toString(), detailsJson);
  }
}
