package dev.tollgate.collector.reports;

import dev.tollgate.collector.common.ProblemException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A report's query parameters, read strictly: a value that cannot be parsed, or an unknown
 * parameter name, is a 400 naming the parameter; a missing or inconsistent value is a 422.
 * Repeatable parameters may also carry comma-separated values.
 */
final class ReportParams {

  /** The tag filters' parameter names, {@code tag.<key>}, stand in the allowed names as this one. */
  static final String TAGS = "tag.<key>";

  static final Set<String> COMMON = Set.of("from", "to", "team_id", "client_id", "model", "source", "status",
      "trace_id", "end_user", TAGS, "format");

  private static final String TAG_PREFIX = "tag.";
  private static final java.util.regex.Pattern TAG_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final int MAX_VALUE_LENGTH = 256;

  private final MultivaluedMap<String, String> params;

  ReportParams(MultivaluedMap<String, String> params, Set<String> allowed) {
    this.params = params;
    Set<String> unknown = new TreeSet<>(params.keySet());
    unknown.removeAll(allowed);
    if (allowed.contains(TAGS)) {
      unknown.removeIf(name -> name.startsWith(TAG_PREFIX));
    }
    if (!unknown.isEmpty()) {
      String name = unknown.iterator().next();
      throw ProblemException.badRequest("unknown query parameter " + name + "; this report accepts "
          + new TreeSet<>(allowed), name);
    }
  }

  /** Every value of a repeatable parameter, comma-separated values split, blanks dropped. */
  List<String> values(String name) {
    List<String> out = new ArrayList<>();
    for (String raw : params.getOrDefault(name, List.of())) {
      for (String part : raw.split(",")) {
        String value = part.strip();
        if (!value.isEmpty() && !out.contains(value)) {
          out.add(value);
        }
      }
    }
    return out;
  }

  /**
   * The values of a text filter ({@code trace_id}, {@code end_user}): at most 256 characters
   * each, no control characters (such a value could never have been stored), else a 400.
   */
  List<String> texts(String name) {
    List<String> out = values(name);
    for (String value : out) {
      if (value.length() > MAX_VALUE_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
        throw ProblemException.badRequest(name + " values are at most " + MAX_VALUE_LENGTH
            + " characters without control characters", name);
      }
    }
    return out;
  }

  /** The {@code tag.<key>=value} filters: each key with the values any of which it must have. */
  java.util.Map<String, List<String>> tags() {
    java.util.Map<String, List<String>> tags = new java.util.TreeMap<>();
    for (String name : params.keySet()) {
      if (!name.startsWith(TAG_PREFIX)) {
        continue;
      }
      String key = name.substring(TAG_PREFIX.length());
      if (!TAG_KEY.matcher(key).matches()) {
        throw ProblemException.badRequest("a tag filter is tag.<key> with a key of 1 to 64 letters, digits or _.:-",
            name);
      }
      List<String> values = texts(name);
      if (!values.isEmpty()) {
        tags.put(key, values);
      }
    }
    return tags;
  }

  /** A parameter given at most once. */
  Optional<String> single(String name) {
    List<String> all = params.getOrDefault(name, List.of());
    if (all.size() > 1) {
      throw ProblemException.badRequest(name + " may be given only once", name);
    }
    return all.isEmpty() || all.get(0).isBlank() ? Optional.empty() : Optional.of(all.get(0).strip());
  }

  /** {@code from} and {@code to}: required, from before to, at most {@code maxDays} apart. */
  TimeRange range(int maxDays) {
    Instant from = instant("from");
    Instant to = instant("to");
    if (!from.isBefore(to)) {
      throw ProblemException.invalid("to", "must be after from");
    }
    if (Duration.between(from, to).compareTo(Duration.ofDays(maxDays)) > 0) {
      throw ProblemException.invalid("to", "the range may span at most " + maxDays + " days");
    }
    return new TimeRange(from, to);
  }

  private Instant instant(String name) {
    String value = single(name).orElseThrow(() -> ProblemException.invalid(name, "is required"));
    return parseInstant(name, value);
  }

  /**
   * ISO-8601: an instant ({@code 2026-11-01T00:00:00Z}), a date-time with an offset, a
   * date-time without one (read as UTC), or a date (its UTC midnight).
   */
  static Instant parseInstant(String name, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
          throw ProblemException.badRequest(name + " is not an ISO-8601 date-time", name);
        }
      }
    }
  }

  List<UUID> uuids(String name) {
    List<UUID> out = new ArrayList<>();
    for (String value : values(name)) {
      out.add(parseUuid(name, value));
    }
    return out;
  }

  static UUID parseUuid(String name, String value) {
    try {
      if (value.length() != 36) {
        throw new IllegalArgumentException("length");
      }
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(name + " is not a UUID", name);
    }
  }

  /** {@code status=success|error}: empty when both or neither are asked for. */
  Optional<Boolean> errors() {
    boolean success = false;
    boolean error = false;
    for (String value : values("status")) {
      switch (value.toLowerCase(Locale.ROOT)) {
        case "success" -> success = true;
        case "error" -> error = true;
        default -> throw ProblemException.badRequest("status must be success or error", "status");
      }
    }
    return success == error ? Optional.empty() : Optional.of(error);
  }

  /** {@code format=json|csv}, JSON by default. */
  boolean csv() {
    String format = single("format").orElse("json").toLowerCase(Locale.ROOT);
    return switch (format) {
      case "json" -> false;
      case "csv" -> true;
      default -> throw ProblemException.badRequest("format must be json or csv", "format");
    };
  }

  /** A half-open UTC range. */
  record TimeRange(Instant from, Instant to) {}
}
