package dev.tollgate.collector.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One audit log entry as {@code GET /v1/admin/audit} shows it. */
public record AuditEntry(long id, Instant at, String actor, String action, String targetType, String targetId,
    JsonNode details) {}
