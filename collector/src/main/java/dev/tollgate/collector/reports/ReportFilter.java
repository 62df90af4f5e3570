package dev.tollgate.collector.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The common report filters after access scoping: a half-open time range and, for each
 * dimension, the allowed values (an empty list means no restriction).
 *
 * @param teamIds internal team ids; for a client caller always exactly its own team
 * @param clientIds internal client ids (public {@code tg_...} ids resolved)
 * @param models rated models
 * @param errors present when {@code status} keeps only errors (true) or only successes (false)
 * @param traceIds trace ids ({@code trace_id})
 * @param endUsers end users ({@code end_user})
 * @param tags per tag key, the values one of which an event's tag must have ({@code tag.<key>})
 * @param matchesNothing true when the filters exclude every row (another team's ids for a
 *     client caller, client ids that do not exist): the report is empty without a query
 */
record ReportFilter(Instant from, Instant to, List<UUID> teamIds, List<UUID> clientIds, List<String> models,
    List<String> sources, Optional<Boolean> errors, List<String> traceIds, List<String> endUsers,
    Map<String, List<String>> tags, boolean matchesNothing) {

  ReportFilter {
    teamIds = List.copyOf(teamIds);
    clientIds = List.copyOf(clientIds);
    models = List.copyOf(models);
    sources = List.copyOf(sources);
    traceIds = List.copyOf(traceIds);
    endUsers = List.copyOf(endUsers);
    tags = Map.copyOf(tags);
  }

  /** Whether a filter names what only the raw events keep (the daily rollups have no trace, end user or tags). */
  boolean needsRawEvents() {
    return !traceIds.isEmpty() || !endUsers.isEmpty() || !tags.isEmpty();
  }
}
