package dev.tollgate.collector.alerts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A channel as reads show it: {@code url} is a hint ({@code https://hooks.slack.com/...abcd}),
 * never the URL, and a webhook's secret is never shown after creation.
 *
 * @param teamId only this team's alerts; null for every team's
 * @param types only these alert types; empty for every type
 */
public record Channel(UUID id, String type, String url, UUID teamId, List<String> types, boolean enabled,
    Instant createdAt, Instant updatedAt) {

  public Channel {
    types = List.copyOf(types);
  }
}
