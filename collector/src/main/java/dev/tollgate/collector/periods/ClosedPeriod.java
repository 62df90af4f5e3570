package dev.tollgate.collector.periods;

import java.time.Instant;

/** A closed month as the API shows it: {@code {"month": "2026-10", "closed_at", "closed_by"}}. */
public record ClosedPeriod(String month, Instant closedAt, String closedBy) {}
