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
    if (points.isEmpty()) {
      return "";
    }
    BigDecimal max = max(points);
    int height = 180;
    int plot = height - 30;
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      int x = 10 + (points.size() == 1 ? 0 : i * (WIDTH - 20) / (points.size() - 1));
      int y = 10 + plot - scale(points.get(i).value(), max, plot);
      path.append(i == 0 ? "M" : " L").append(x).append(' ').append(y);
    }
    return "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + WIDTH + " " + height + "\" width=\"" + WIDTH
        + "\" height=\"" + height + "\"><title>" + Html.esc(title) + "</title>"
        + "<line x1=\"10\" y1=\"" + (10 + plot) + "\" x2=\"" + (WIDTH - 10) + "\" y2=\"" + (10 + plot)
        + "\" class=\"axis\"></line><path d=\"" + path + "\" class=\"line\"></path>"
        + "<text x=\"10\" y=\"" + (height - 4) + "\" class=\"label\">" + Html.esc(points.get(0).label()) + "</text>"
        + "<text x=\"" + (WIDTH - 10) + "\" y=\"" + (height - 4) + "\" class=\"label end\">"
        + Html.esc(points.get(points.size() - 1).label()) + "</text>"
        + "<text x=\"10\" y=\"10\" class=\"label\">max " + Html.esc(max.toPlainString()) + "</text></svg>";
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
