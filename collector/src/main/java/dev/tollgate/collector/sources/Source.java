package dev.tollgate.collector.sources;

import java.time.Instant;
import java.util.UUID;

/**
 * An endpoint classification rule: the first source (lowest {@code priority}) whose
 * {@code path_regex} finds a match in a request path names the call's source.
 */
public record Source(UUID id, String name, String pathRegex, int priority, Instant createdAt, Instant updatedAt) {}
