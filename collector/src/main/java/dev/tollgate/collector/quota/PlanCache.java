package dev.tollgate.collector.quota;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * The team plans that ingest rates with and leasing admits by, kept per instance and reread
 * only when the catalog version (V14: moved by every change to teams, subscriptions, quotas,
 * products and their sources, on any instance) is not the one the plan was read at. Each use
 * costs one index lookup instead of the plan's three queries; what a caller sees is what a
 * fresh read would have shown at the version check, in its own transaction.
 */
public final class PlanCache {

  /** More teams than this and the cache starts over (it only saves reads). */
  private static final int MAX_TEAMS = 10_000;

  private record Entry(long version, TeamPlan plan) {}

  private final Map<UUID, Entry> plans = new ConcurrentHashMap<>();

  /** The team's plan as of now, read on {@code h} if the catalog changed since it was cached. */
  public TeamPlan plan(Handle h, UUID teamId) {
    return plan(h, teamId, CatalogVersionSql.current(h));
  }

  /** The team's plan as last cached, whatever the catalog's version now; empty if none is. */
  public Optional<TeamPlan> cached(UUID teamId) {
    return Optional.ofNullable(plans.get(teamId)).map(Entry::plan);
  }

  /** The team's plan at the catalog {@code version}, read on {@code h} just now. */
  public TeamPlan plan(Handle h, UUID teamId, long version) {
    Entry cached = plans.get(teamId);
    if (cached != null && cached.version() == version) {
      return cached.plan();
    }
    // Read after the version: a change committed in between makes the next check reread.
    TeamPlan plan = h.attach(PlanDao.class).load(teamId);
    if (plans.size() >= MAX_TEAMS) {
      plans.clear();
    }
    plans.put(teamId, new Entry(version, plan));
    return plan;
  }
}
