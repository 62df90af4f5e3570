package dev.tollgate.collector.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (prometheus.io's
 * "Exposition formats"): it throws on anything a Prometheus server would refuse or that the
 * format forbids: bad names, bad escapes, values that are not Go floats, a TYPE or HELP given
 * twice or a TYPE after its samples, a family's lines not in one group, a sample given twice,
 * a summary or histogram sample with the wrong suffix or without its quantile or le label,
 * a histogram without its +Inf bucket.
 */
public final class PrometheusText {

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** One metric family: its TYPE (untyped when none was given), HELP and samples. */
  public record Family(String name, String type, String help, List<Sample> samples) {

    /** The value of the sample named {@code sampleName} with exactly these labels. */
    public Optional<Double> value(String sampleName, Map<String, String> labels) {
      return samples.stream().filter(s -> s.name().equals(sampleName) && s.labels().equals(labels))
          .map(Sample::value).findFirst();
    }
  }

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
  private static final Pattern GO_FLOAT = Pattern.compile(
      "[+-]?(Inf|inf|NaN|(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?)");

  private final Map<String, Family> families = new LinkedHashMap<>();
  private final Map<String, String> types = new LinkedHashMap<>();
  private final Map<String, String> helps = new LinkedHashMap<>();
  private final Set<String> closed = new HashSet<>();
  private final Set<String> seen = new HashSet<>();
  private String current;

  private PrometheusText() {}

  /** Parses {@code text}; throws {@link IllegalArgumentException} naming the line at fault. */
  public static Map<String, Family> parse(String text) {
    PrometheusText parser = new PrometheusText();
    String[] lines = text.split("\n", -1);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the last line does not end with a line feed");
    }
    for (int i = 0; i < lines.length; i++) {
      try {
        parser.line(lines[i]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + " '" + lines[i] + "': " + e.getMessage(), e);
      }
    }
    parser.finish();
    return parser.families;
  }

  private void line(String line) {
    if (line.isBlank()) {
      return;
    }
    if (line.startsWith("#")) {
      String[] parts = line.substring(1).strip().split("[ \t]+", 3);
      if (parts[0].equals("HELP") || parts[0].equals("TYPE")) {
        metaLine(parts[0], parts);
      }
      return;
    }
    sampleLine(line);
  }

  private void metaLine(String kind, String[] parts) {
    if (parts.length < 2 || !METRIC_NAME.matcher(parts[1]).matches()) {
      throw new IllegalArgumentException("bad metric name in " + kind);
    }
    String name = parts[1];
    enter(name);
    if (kind.equals("TYPE")) {
      if (parts.length != 3 || !TYPES.contains(parts[2])) {
        throw new IllegalArgumentException("bad type");
      }
      if (types.putIfAbsent(name, parts[2]) != null) {
        throw new IllegalArgumentException("second TYPE for " + name);
      }
      if (!families.get(name).samples().isEmpty()) {
        throw new IllegalArgumentException("TYPE after the samples of " + name);
      }
    } else {
      String help = parts.length == 3 ? unescape(parts[2], false) : "";
      if (helps.putIfAbsent(name, help) != null) {
        throw new IllegalArgumentException("second HELP for " + name);
      }
    }
  }

  /** Moves to family {@code name}; a family left before may not come back. */
  private void enter(String name) {
    if (name.equals(current)) {
      return;
    }
    if (closed.contains(name)) {
      throw new IllegalArgumentException("the lines of " + name + " are not in one group");
    }
    if (current != null) {
      closed.add(current);
    }
    current = name;
    families.putIfAbsent(name, new Family(name, null, null, new ArrayList<>()));
  }

  private void sampleLine(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
      i++;
    }
    String name = line.substring(0, i);
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad metric name");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = labels(line, i + 1, labels);
    }
    String[] rest = line.substring(i).strip().split("[ \t]+");
    if (rest.length < 1 || rest.length > 2 || !GO_FLOAT.matcher(rest[0]).matches()) {
      throw new IllegalArgumentException("bad value");
    }
    if (rest.length == 2 && !rest[1].matches("-?\\d+")) {
      throw new IllegalArgumentException("bad timestamp");
    }
    String family = familyOf(name);
    enter(family);
    if (!seen.add(name + labels)) {
      throw new IllegalArgumentException("a second sample " + name + labels);
    }
    checkSuffix(family, name, labels);
    families.get(family).samples().add(new Sample(name, Map.copyOf(labels), number(rest[0])));
  }

  /** The family a sample belongs to: the current one when the name is one of its series. */
  private String familyOf(String name) {
    if (current != null) {
      String type = types.getOrDefault(current, "untyped");
      if (name.equals(current) || ((type.equals("summary") || type.equals("histogram"))
          && (name.equals(current + "_sum") || name.equals(current + "_count")
              || (type.equals("histogram") && name.equals(current + "_bucket"))))) {
        return current;
      }
    }
    return name;
  }

  private void checkSuffix(String family, String name, Map<String, String> labels) {
    String type = types.getOrDefault(family, "untyped");
    if (type.equals("summary") && name.equals(family) && !labels.containsKey("quantile")) {
      throw new IllegalArgumentException("a summary sample without quantile");
    }
    if (type.equals("histogram") && name.equals(family)) {
      throw new IllegalArgumentException("a histogram sample without _bucket, _sum or _count");
    }
    if (type.equals("histogram") && name.endsWith("_bucket") && !labels.containsKey("le")) {
      throw new IllegalArgumentException("a bucket without le");
    }
  }

  private int labels(String line, int i, Map<String, String> labels) {
    while (true) {
      if (i >= line.length()) {
        throw new IllegalArgumentException("unterminated labels");
      }
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0) {
        throw new IllegalArgumentException("label without =");
      }
      String name = line.substring(i, eq).strip();
      if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        throw new IllegalArgumentException("bad label name '" + name + "'");
      }
      if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        throw new IllegalArgumentException("label value not quoted");
      }
      StringBuilder raw = new StringBuilder();
      int j = eq + 2;
      for (; j < line.length() && line.charAt(j) != '"'; j++) {
        raw.append(line.charAt(j));
        if (line.charAt(j) == '\\') {
          j++;
          if (j >= line.length()) {
            throw new IllegalArgumentException("unterminated escape");
          }
          raw.append(line.charAt(j));
        }
      }
      if (j >= line.length()) {
        throw new IllegalArgumentException("unterminated label value");
      }
      if (labels.put(name, unescape(raw.toString(), true)) != null) {
        throw new IllegalArgumentException("label " + name + " twice");
      }
      i = j + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      } else if (i >= line.length() || line.charAt(i) != '}') {
        throw new IllegalArgumentException("expected , or } after a label");
      }
    }
  }

  /** Label values escape backslash, double quote and line feed; HELP backslash and line feed. */
  private static String unescape(String s, boolean quotes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = s.charAt(++i);
      switch (next) {
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case '"' -> {
          if (!quotes) {
            throw new IllegalArgumentException("\\\" is no escape in HELP");
          }
          out.append('"');
        }
        default -> throw new IllegalArgumentException("bad escape \\" + next);
      }
    }
    return out.toString();
  }

  private static double number(String value) {
    return switch (value.replace("+", "")) {
      case "Inf", "inf" -> Double.POSITIVE_INFINITY;
      case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(value);
    };
  }

  private void finish() {
    families.replaceAll((name, f) -> new Family(name, types.getOrDefault(name, "untyped"), helps.get(name),
        List.copyOf(f.samples())));
    families.values().stream().filter(f -> f.type().equals("histogram")).forEach(f -> {
      boolean inf = f.samples().stream().anyMatch(s -> s.name().endsWith("_bucket")
          && "+Inf".equals(s.labels().get("le")));
      if (!inf) {
        throw new IllegalArgumentException("histogram " + f.name() + " has no +Inf bucket");
      }
    });
  }
}
