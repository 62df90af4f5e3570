package dev.tollgate.collector.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.reports.Reports;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * The console's calls into {@link Reports}: it passes the page's query parameters (the ones the
 * report knows) and reads the API's own JSON, so that a page shows exactly what the API answers
 * for the same parameters. A missing range defaults to the current UTC month.
 */
final class ReportCalls {

  static final Set<String> FILTERS = Set.of("from", "to", "team_id", "client_id", "model", "source", "status",
      "trace_id", "end_user");
  /** The filter form's tag field, {@code key=value}, which becomes the API's {@code tag.<key>=value}. */
  static final String TAG_FIELD = "tag";
  static final String TAG_PREFIX = "tag.";

  private final Reports reports;
  private final ObjectMapper json;
  private final Clock clock;

  ReportCalls(Reports reports, ObjectMapper json, Clock clock) {
    this.reports = reports;
    this.json = json;
    this.clock = clock;
  }

  Reports reports() {
    return reports;
  }

  JsonNode json(jakarta.ws.rs.core.Response response) {
    return json.valueToTree(response.getEntity());
  }

  /** A map (a quota state's API form) as the API's JSON. */
  com.fasterxml.jackson.databind.node.ObjectNode tree(Object value) {
    return json.valueToTree(value);
  }

  java.time.Clock clock() {
    return clock;
  }

  /**
   * The days a query's range spans, rounded up ({@code from} and {@code to} as dates or
   * timestamps); a range that does not parse counts as long (the report names the bad value).
   */
  static long days(MultivaluedMap<String, String> query) {
    try {
      java.time.Instant from = instant(query.getFirst("from"));
      java.time.Instant to = instant(query.getFirst("to"));
      return Math.max(1, (java.time.Duration.between(from, to).toHours() + 23) / 24);
    } catch (RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }

  private static java.time.Instant instant(String value) {
    return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
        : java.time.OffsetDateTime.parse(value).toInstant();
  }

  YearMonth thisMonth() {
    return YearMonth.from(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
  }

  /** The page's filters that are set, plus {@code extra} names, with the range defaulted. */
  MultivaluedMap<String, String> query(MultivaluedMap<String, String> page, Set<String> extra) {
    MultivaluedMap<String, String> out = new MultivaluedHashMap<>();
    page.forEach((name, values) -> {
      if (FILTERS.contains(name) || extra.contains(name) || name.startsWith(TAG_PREFIX)) {
        List<String> set = values.stream().filter(v -> v != null && !v.isBlank()).toList();
        if (!set.isEmpty()) {
          out.put(name, set);
        }
      }
    });
    for (String tag : page.getOrDefault(TAG_FIELD, List.of())) {
      int eq = tag == null ? -1 : tag.indexOf('=');
      if (eq > 0) {
        out.add(TAG_PREFIX + tag.substring(0, eq).strip(), tag.substring(eq + 1).strip());
      } else if (tag != null && !tag.isBlank()) {
        // No key: the API names the malformed parameter in its error page.
        out.add(TAG_PREFIX, tag.strip());
      }
    }
    YearMonth month = thisMonth();
    out.putIfAbsent("from", List.of(month.atDay(1).toString()));
    out.putIfAbsent("to", List.of(month.plusMonths(1).atDay(1).toString()));
    return out;
  }

  /** A month's range as report parameters. */
  static MultivaluedMap<String, String> month(YearMonth month) {
    MultivaluedMap<String, String> out = new MultivaluedHashMap<>();
    out.putSingle("from", month.atDay(1).toString());
    out.putSingle("to", month.plusMonths(1).atDay(1).toString());
    return out;
  }

  /** The query string that reproduces {@code query} (for links and the CSV download). */
  static String queryString(MultivaluedMap<String, String> query) {
    StringBuilder out = new StringBuilder();
    query.forEach((name, values) -> values.forEach(v ->
        out.append(out.isEmpty() ? "" : "&").append(Html.url(name)).append('=').append(Html.url(v))));
    return out.toString();
  }
}
