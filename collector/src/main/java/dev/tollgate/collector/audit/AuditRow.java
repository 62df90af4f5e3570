package dev.tollgate.collector.audit;

import java.time.Instant;

/** An {@code audit_log} row; {@code details} is the JSON text. */
public record AuditRow(long id, Instant at, String actor, String action, String targetType, String targetId,
    String details) {}
