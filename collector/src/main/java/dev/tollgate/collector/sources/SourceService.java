package dev.tollgate.collector.sources;

import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.common.Unique;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.Cursors;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jdbi.v3.core.Jdbi;

/** Sources: data, not code, so an admin can classify new endpoints without a release. */
public final class SourceService {

  /** Source names are short identifiers such as {@code chat.completions}. */
  static final String NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]*$";
  static final String NAME_RULE = "must be letters, digits, '.', '_', ':' or '-'";

  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;

  public SourceService(Jdbi jdbi, AuditLog audit, Clock clock) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.clock = clock;
  }

  public Source create(String actor, CreateSource request) {
    String regex = validRegex(request.pathRegex());
    return Unique.orConflict("name", "a source with this name exists", () -> jdbi.inTransaction(handle -> {
      SourceDao sources = handle.attach(SourceDao.class);
      if (sources.nameTaken(request.name(), null)) {
        throw ProblemException.conflict("name", "a source with this name exists");
      }
      Instant now = clock.instant();
      Source source = new Source(UUID.randomUUID(), request.name(), regex, request.priority(), now, now);
      sources.insert(source);
      audit.record(handle, actor, "source.created", "source", source.id(),
          Map.of("name", source.name(), "path_regex", regex, "priority", source.priority()));
      return source;
    }));
  }

  public Source get(UUID id) {
    return jdbi.withExtension(SourceDao.class, sources -> sources.find(id))
        .orElseThrow(() -> ProblemException.notFound("source"));
  }

  public Page<Source> list(String limit, String cursor) {
    int size = Pages.limit(limit);
    Integer afterPriority = null;
    UUID afterId = null;
    if (cursor != null && !cursor.isBlank()) {
      List<String> parts = Cursors.decode(cursor, 2);
      try {
        afterPriority = Integer.valueOf(parts.get(0));
        afterId = UUID.fromString(parts.get(1));
      } catch (IllegalArgumentException e) {
        throw ProblemException.badRequest("cursor is not a cursor this endpoint issued", "cursor");
      }
    }
    Integer p = afterPriority;
    UUID i = afterId;
    return Pages.of(jdbi.withExtension(SourceDao.class, sources -> sources.list(p, i, size + 1)), size,
        source -> Cursors.encode(String.valueOf(source.priority()), source.id().toString()));
  }

  public Source update(String actor, UUID id, SourcePatch patch) {
    String regex = patch.pathRegex() == null ? null : validRegex(patch.pathRegex());
    return Unique.orConflict("name", "a source with this name exists", () -> jdbi.inTransaction(handle -> {
      SourceDao sources = handle.attach(SourceDao.class);
      Source old = sources.find(id).orElseThrow(() -> ProblemException.notFound("source"));
      Map<String, Object> changes = new LinkedHashMap<>();
      if (patch.name() != null && !patch.name().equals(old.name())) {
        if (sources.nameTaken(patch.name(), id)) {
          throw ProblemException.conflict("name", "a source with this name exists");
        }
        changes.put("name", patch.name());
      }
      if (regex != null && !regex.equals(old.pathRegex())) {
        changes.put("path_regex", regex);
      }
      if (patch.priority() != null && patch.priority() != old.priority()) {
        changes.put("priority", patch.priority());
      }
      if (changes.isEmpty()) {
        return old;
      }
      Source updated = new Source(id, patch.name() == null ? old.name() : patch.name(),
          regex == null ? old.pathRegex() : regex, patch.priority() == null ? old.priority() : patch.priority(),
          old.createdAt(), clock.instant());
      sources.update(updated);
      audit.record(handle, actor, "source.updated", "source", id, changes);
      return updated;
    }));
  }

  /** A Java regular expression, as the classifier compiles it; a malformed one is a 422 naming the field. */
  static String validRegex(String regex) {
    try {
      Pattern.compile(regex);
      return regex;
    } catch (PatternSyntaxException e) {
      throw ProblemException.invalid("path_regex", "is not a valid regular expression: " + e.getDescription());
    }
  }
}
