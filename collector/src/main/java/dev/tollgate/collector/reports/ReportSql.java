package dev.tollgate.collector.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Assembles a report query whose filters vary: conditions are only added for the filters
 * present (so the planner sees the simplest query and can use the matching index), and
 * every value is a bound parameter.
 */
final class ReportSql {

  private record Binding(String name, Object value, Class<?> arrayType) {}

  private static final com.fasterxml.jackson.databind.ObjectMapper TAG_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final List<Binding> bindings = new ArrayList<>();

  /** Binds {@code value} and returns its placeholder. */
  String bind(Object value) {
    String name = "p" + bindings.size();
    bindings.add(new Binding(name, value, null));
    return ":" + name;
  }

  /** {@code column = :v} for one value, {@code column = ANY(:array)} for several. */
  String in(String column, List<?> values) {
    if (values.size() == 1) {
      return column + " = " + bind(values.get(0));
    }
    String name = "p" + bindings.size();
    Class<?> type = values.isEmpty() || values.get(0) instanceof UUID ? UUID.class : values.get(0).getClass();
    bindings.add(new Binding(name, values, type));
    return column + " = ANY(:" + name + ")";
  }

  /** The filter's conditions on a table aliased {@code alias}, joined with AND (or {@code TRUE}). */
  String filterConditions(ReportFilter filter, String alias, boolean rollup) {
    List<String> conditions = new ArrayList<>();
    if (!filter.teamIds().isEmpty()) {
      conditions.add(in(alias + ".team_id", filter.teamIds()));
    }
    if (!filter.clientIds().isEmpty()) {
      conditions.add(in(alias + ".client_id", filter.clientIds()));
    }
    if (!filter.models().isEmpty()) {
      conditions.add(in(alias + (rollup ? ".model" : ".rated_model"), filter.models()));
    }
    if (!filter.sources().isEmpty()) {
      conditions.add(in(alias + ".source", filter.sources()));
    }
    filter.errors().ifPresent(errors -> conditions.add(rollup
        ? (errors ? alias + ".is_error" : "NOT " + alias + ".is_error")
        : alias + ".status_code " + (errors ? ">= 400" : "< 400")));
    if (rollup && filter.needsRawEvents()) {
      throw new IllegalStateException("the daily rollup cannot filter by trace id, end user or tag");
    }
    if (!filter.traceIds().isEmpty()) {
      conditions.add(in(alias + ".trace_id", filter.traceIds()));
    }
    if (!filter.endUsers().isEmpty()) {
      conditions.add(in(alias + ".end_user", filter.endUsers()));
    }
    // One containment test per value (served by the tags' GIN index): any value of a key, every key.
    filter.tags().forEach((key, values) -> conditions.add(values.stream()
        .map(value -> alias + ".tags @> CAST(" + bind(TAG_JSON.createObjectNode().put(key, value).toString())
            + " AS jsonb)")
        .collect(java.util.stream.Collectors.joining(" OR ", "(", ")"))));
    return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
  }

  Query query(Handle handle, String sql) {
    Query query = handle.createQuery(sql);
    for (Binding b : bindings) {
      if (b.arrayType() != null) {
        query.bindArray(b.name(), b.arrayType(), (List<?>) b.value());
      } else {
        query.bind(b.name(), b.value());
      }
    }
    return query;
  }
}
