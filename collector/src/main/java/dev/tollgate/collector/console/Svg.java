package dev.tollgate.collector.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Charts drawn on the server as SVG (no script, nothing inline the CSP would block). They are
 * pictures only: every chart's numbers are in a table next to it.
 */
final class Svg {

  /** One labelled value. */
  record Point(String label, BigDecimal value) {}

  private static final int WIDTH = 640;
  private static final int ROW = 22;

  private Svg() {}

  /** Horizontal bars, one per point, scaled to the largest. */
  static String bars(String title, List<Point> points) {
    if (points.isEmpty()) {
      return "";
    }
    BigDecimal max = max(points);
    int labelWidth = 200;
    int height = points.size() * ROW + 4;
    StringBuilder out = new StringBuilder("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH)
        .append(' ').append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\"><title>").append(Html.esc(title)).append("</title>");
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      int y = i * ROW + 2;
      int w = scale(p.value(), max, WIDTH - labelWidth - 90);
      out.append("<text x=\"0\" y=\"").append(y + 15).append("\" class=\"label\">")
          .append(Html.esc(shorten(p.label()))).append("</text>")
          .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 3).append("\" width=\"").append(w)
          .append("\" height=\"").append(ROW - 6).append("\" class=\"bar\"></rect>")
          .append("<text x=\"").append(labelWidth + w + 6).append("\" y=\"").append(y + 15)
          .append("\" class=\"value\">").append(Html.esc(p.value().toPlainString())).append("</text>");
    }
    return out.append("</svg>").toString();
  }

  /** A line through the points in order (e.g. per day), from zero up to the largest. */
  static String line(String title, List<Point> points) {
    return lines(title, points.stream().map(Point::label).toList(),
        List.of(new Series("", points.stream().map(Point::value).toList())));
  }

  /** One named line of a chart: a value per label. */
  record Series(String name, List<BigDecimal> values) {}

  /**
   * Lines over the same labels (e.g. days), from zero up to the largest value of any; each
   * series has its own style ({@code line-0}, {@code line-1}, ...) and, when named, a legend entry.
   */
  static String lines(String title, List<String> labels, List<Series> series) {
    if (labels.isEmpty() || series.isEmpty()) {
      return "";
    }
    BigDecimal max = series.stream().flatMap(s -> s.values().stream()).reduce(BigDecimal.ZERO, BigDecimal::max);
    int height = 180;
    int plot = height - 30;
    StringBuilder out = new StringBuilder("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH)
        .append(' ').append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\"><title>").append(Html.esc(title)).append("</title><line x1=\"10\" y1=\"").append(10 + plot)
        .append("\" x2=\"").append(WIDTH - 10).append("\" y2=\"").append(10 + plot).append("\" class=\"axis\"></line>");
    for (int k = 0; k < series.size(); k++) {
      List<BigDecimal> values = series.get(k).values();
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < values.size(); i++) {
        int x = 10 + (values.size() == 1 ? 0 : i * (WIDTH - 20) / (values.size() - 1));
        int y = 10 + plot - scale(values.get(i), max, plot);
        path.append(i == 0 ? "M" : " L").append(x).append(' ').append(y);
      }
      out.append("<path d=\"").append(path).append("\" class=\"line line-").append(k % 4).append("\"></path>");
      if (!series.get(k).name().isEmpty()) {
        int x = WIDTH - 10 - (series.size() - k) * 90;
        out.append("<rect x=\"").append(x).append("\" y=\"2\" width=\"10\" height=\"10\" class=\"key key-")
            .append(k % 4).append("\"></rect><text x=\"").append(x + 14).append("\" y=\"11\" class=\"label\">")
            .append(Html.esc(series.get(k).name())).append("</text>");
      }
    }
    return out.append("<text x=\"10\" y=\"").append(height - 4).append("\" class=\"label\">")
        .append(Html.esc(labels.get(0))).append("</text><text x=\"").append(WIDTH - 10).append("\" y=\"")
        .append(height - 4).append("\" class=\"label end\">").append(Html.esc(labels.get(labels.size() - 1)))
        .append("</text><text x=\"10\" y=\"10\" class=\"label\">max ").append(Html.esc(max.toPlainString()))
        .append("</text></svg>").toString();
  }

  static BigDecimal number(String text) {
    try {
      return text == null || text.isBlank() ? BigDecimal.ZERO : new BigDecimal(text);
    } catch (NumberFormatException e) {
      return BigDecimal.ZERO;
    }
  }

  private static BigDecimal max(List<Point> points) {
    return points.stream().map(Point::value).reduce(BigDecimal.ZERO, BigDecimal::max);
  }

  private static int scale(BigDecimal value, BigDecimal max, int size) {
    if (max.signum() <= 0 || value.signum() <= 0) {
      return 0;
    }
    return value.multiply(BigDecimal.valueOf(size)).divide(max, 0, RoundingMode.HALF_UP).intValue();
  }

  private static String shorten(String label) {
    return label.length() > 28 ? label.substring(0, 27) + "…" : label;
  }
}
