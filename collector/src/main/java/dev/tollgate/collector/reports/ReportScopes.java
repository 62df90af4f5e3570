package dev.tollgate.collector.reports;

import dev.tollgate.collector.auth.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Turns a caller and its filters into what a report may read. Finance and admin see every
 * team; a client token sees its own team only, and a filter naming another team (or
 * another team's client) simply matches nothing, so that a report never reveals whether
 * the other team exists.
 */
final class ReportScopes {

  private final Jdbi jdbi;
  private final int maxRangeDays;

  ReportScopes(Jdbi jdbi, int maxRangeDays) {
    this.jdbi = jdbi;
    this.maxRangeDays = maxRangeDays;
  }

  /** The common filters of a report with a time range. */
  ReportFilter filter(Caller caller, ReportParams params) {
    ReportParams.TimeRange range = params.range(maxRangeDays);
    List<UUID> teams = params.uuids("team_id");
    List<String> clientValues = params.values("client_id");
    List<String> models = params.values("model");
    List<String> sources = params.values("source");
    Optional<Boolean> errors = params.errors();
    List<String> traceIds = params.texts("trace_id");
    List<String> endUsers = params.texts("end_user");
    Map<String, List<String>> tags = params.tags();

    Optional<List<UUID>> scopedTeams = teams(caller, teams);
    boolean nothing = scopedTeams.isEmpty();
    List<UUID> clients = List.of();
    if (!clientValues.isEmpty() && !nothing) {
      clients = resolveClients(clientValues);
      nothing = clients.isEmpty();
    }
    return new ReportFilter(range.from(), range.to(), scopedTeams.orElse(List.of()), clients, models, sources,
        errors, traceIds, endUsers, tags, nothing);
  }

  /**
   * The teams a caller may read given its {@code team_id} filter: all listed (or, with no
   * filter, every team: an empty list) for finance and admin; for a client its own team,
   * or empty when its filter names only other teams.
   */
  static Optional<List<UUID>> teams(Caller caller, List<UUID> requested) {
    if (!caller.isClient()) {
      return Optional.of(requested);
    }
    UUID own = caller.requireTeamId();
    if (requested.isEmpty() || requested.contains(own)) {
      return Optional.of(List.of(own));
    }
    return Optional.empty();
  }

  /** Internal ids of the clients named by public id ({@code tg_...}) or internal UUID; unknown ones drop out. */
  private List<UUID> resolveClients(List<String> values) {
    List<String> publicIds = new ArrayList<>();
    List<UUID> internalIds = new ArrayList<>();
    for (String value : values) {
      Optional<UUID> internal = uuid(value);
      if (internal.isPresent()) {
        internalIds.add(internal.get());
      } else {
        publicIds.add(value);
      }
    }
    return jdbi.withExtension(ReportsDao.class, dao -> dao.clientIds(publicIds.toArray(String[]::new),
        internalIds.toArray(UUID[]::new)));
  }

  /** The UUID a string spells, if it spells one. */
  static Optional<UUID> uuid(String value) {
    if (value.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException notUuid) {
      return Optional.empty();
    }
  }
}
