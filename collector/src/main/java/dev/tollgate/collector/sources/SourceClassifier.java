package dev.tollgate.collector.sources;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies an endpoint path into a source by the ordered regular expressions of table
 * {@code sources} (lowest priority first; the first match wins; {@code other} when none
 * matches). The rules are cached for a few seconds, so a changed rule is picked up by every
 * instance within {@link #DEFAULT_TTL} without any message between them.
 */
public final class SourceClassifier {

  public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
  public static final String FALLBACK = "other";
  private static final Logger LOG = LoggerFactory.getLogger(SourceClassifier.class);

  private record Rule(String name, Pattern pattern) {}

  private record Rules(Instant loadedAt, List<Rule> rules, Set<String> names) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration ttl;
  private volatile Rules rules;

  public SourceClassifier(Jdbi jdbi, Clock clock, Duration ttl) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The source of {@code endpoint}. */
  public String classify(String endpoint) {
    String path = pathOf(endpoint);
    for (Rule rule : current().rules()) {
      if (rule.pattern().matcher(path).find()) {
        return rule.name();
      }
    }
    return FALLBACK;
  }

  /** The source named {@code name}, if such a source exists. */
  public Optional<String> known(String name) {
    return current().names().contains(name) ? Optional.of(name) : Optional.empty();
  }

  /** Drops the query string: rules match the path. */
  static String pathOf(String endpoint) {
    int q = endpoint.indexOf('?');
    return q < 0 ? endpoint : endpoint.substring(0, q);
  }

  private Rules current() {
    Rules r = rules;
    Instant now = clock.instant();
    if (r == null || !now.isBefore(r.loadedAt().plus(ttl)) || now.isBefore(r.loadedAt())) {
      r = load(now);
      rules = r;
    }
    return r;
  }

  private Rules load(Instant now) {
    List<Rule> loaded = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Source source : jdbi.withExtension(SourceDao.class, SourceDao::inClassificationOrder)) {
      names.add(source.name());
      try {
        loaded.add(new Rule(source.name(), Pattern.compile(source.pathRegex())));
      } catch (PatternSyntaxException e) {
        LOG.warn("Source {} has an invalid path_regex and is skipped: {}", source.name(), e.getDescription());
      }
    }
    return new Rules(now, List.copyOf(loaded), Set.copyOf(names));
  }
}
