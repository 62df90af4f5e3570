package dev.tollgate.collector.admin.teams;

import dev.tollgate.collector.common.Keyset;
import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.common.Texts;
import dev.tollgate.collector.common.Unique;
import dev.tollgate.collector.admin.keys.ProviderKeyDao;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Jdbi;

/** Creates, lists and changes teams; every change is audited in its transaction. */
public final class TeamService {

  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;
  private final BiConsumer<String, UUID> reviewMintedKeys;

  /** A service whose changes never touch minted keys (dev-mode seeding only creates). */
  public TeamService(Jdbi jdbi, AuditLog audit, Clock clock) {
    this(jdbi, audit, clock, (actor, teamId) -> { });
  }

  /**
   * {@code reviewMintedKeys} is told (actor, team id) after a change that may end a team's right
   * to its minted upstream keys, so that they are revoked at once.
   */
  public TeamService(Jdbi jdbi, AuditLog audit, Clock clock, BiConsumer<String, UUID> reviewMintedKeys) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.clock = clock;
    this.reviewMintedKeys = reviewMintedKeys;
  }

  public Team create(String actor, CreateTeam request) {
    return Unique.orConflict("name", "a team with this name exists",
        () -> jdbi.inTransaction(handle -> create(handle, actor, request)));
  }

  /** Creates a team inside the caller's transaction (dev-mode seeding uses this). */
  public Team create(Handle handle, String actor, CreateTeam request) {
    String name = Texts.name("name", request.name());
    TeamDao teams = handle.attach(TeamDao.class);
    requireFreeName(teams, name, null);
    requireProviderKey(handle, request.providerKeyId());
    Instant now = clock.instant();
    Team team = new Team(UUID.randomUUID(), name, blankToNull(request.description()), Status.ACTIVE.db(),
        request.providerKeyId(), now, now);
    teams.insert(team);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", name);
    details.put("provider_key_id", request.providerKeyId());
    audit.record(handle, actor, "team.created", "team", team.id(), details);
    return team;
  }

  /** Whether any team exists (dev-mode seeding runs only on an empty database). */
  public boolean anyTeam() {
    return jdbi.withExtension(TeamDao.class, TeamDao::any);
  }

  public Team get(UUID id) {
    return jdbi.withExtension(TeamDao.class, teams -> teams.find(id))
        .orElseThrow(() -> ProblemException.notFound("team"));
  }

  public Page<Team> list(String limit, String cursor) {
    int size = Pages.limit(limit);
    Keyset after = Keyset.after(cursor);
    return Pages.of(jdbi.withExtension(TeamDao.class, teams -> teams.list(after.at(), after.id(), size + 1)),
        size, team -> Keyset.cursor(team.createdAt(), team.id()));
  }

  public Team update(String actor, UUID id, TeamPatch patch) {
    Team updated = change(actor, id, patch);
    if (!Status.ACTIVE.db().equals(updated.status()) || patch.providerKeyIdPresent()) {
      reviewMintedKeys.accept(actor, id);
    }
    return updated;
  }

  private Team change(String actor, UUID id, TeamPatch patch) {
    String name = Texts.name("name", patch.name());
    if (patch.descriptionPresent() && patch.description() != null && patch.description().length() > 2000) {
      throw ProblemException.invalid("description", "must be at most 2000 characters");
    }
    return Unique.orConflict("name", "a team with this name exists", () -> jdbi.inTransaction(handle -> {
      TeamDao teams = handle.attach(TeamDao.class);
      Team old = teams.find(id).orElseThrow(() -> ProblemException.notFound("team"));
      Map<String, Object> changes = new LinkedHashMap<>();
      String newName = old.name();
      if (name != null && !name.equals(old.name())) {
        requireFreeName(teams, name, id);
        newName = name;
        changes.put("name", name);
      }
      String description = old.description();
      if (patch.descriptionPresent() && !Objects.equals(blankToNull(patch.description()), old.description())) {
        description = blankToNull(patch.description());
        changes.put("description", description);
      }
      String status = old.status();
      if (patch.status() != null && !patch.status().db().equals(old.status())) {
        status = patch.status().db();
        changes.put("status", status);
      }
      UUID providerKeyId = old.providerKeyId();
      if (patch.providerKeyIdPresent() && !Objects.equals(patch.providerKeyId(), old.providerKeyId())) {
        requireProviderKey(handle, patch.providerKeyId());
        providerKeyId = patch.providerKeyId();
        changes.put("provider_key_id", providerKeyId);
      }
      if (changes.isEmpty()) {
        return old;
      }
      Team updated = new Team(id, newName, description, status, providerKeyId, old.createdAt(), clock.instant());
      teams.update(updated);
      audit.record(handle, actor, "team.updated", "team", id, changes);
      return updated;
    }));
  }

  private static void requireFreeName(TeamDao teams, String name, UUID exceptId) {
    if (teams.nameTaken(name, exceptId)) {
      throw ProblemException.conflict("name", "a team with this name exists");
    }
  }

  private static void requireProviderKey(Handle handle, UUID providerKeyId) {
    if (providerKeyId != null && handle.attach(ProviderKeyDao.class).find(providerKeyId).isEmpty()) {
      throw ProblemException.invalid("provider_key_id", "is not a known provider key");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
