package dev.tollgate.collector.console;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sorting a page's tables on the server (the pages run no script): {@code sort=<column>} sorts
 * ascending, {@code sort=-<column>} descending; each sortable column's header links to the page
 * sorted by it. Numbers sort as numbers, text by its letters, empty cells last. Only the order
 * of the rows shown changes: the figures, and a download's rows, stay the API's.
 *
 * @param path the page's path
 * @param query the page's own query parameters, {@code sort} among them
 */
record Sort(String path, MultivaluedMap<String, String> query) {

  static final String PARAM = "sort";

  private String key() {
    String value = query.getFirst(PARAM);
    return value == null ? "" : value.strip();
  }

  private String column() {
    return key().startsWith("-") ? key().substring(1) : key();
  }

  private boolean descending() {
    return key().startsWith("-");
  }

  /** The rows in the order the page asks for (as given when it names none of {@code columns}). */
  List<JsonNode> apply(Iterable<JsonNode> rows, List<String> columns) {
    List<JsonNode> out = new ArrayList<>();
    rows.forEach(out::add);
    String column = column();
    if (!columns.contains(column)) {
      return out;
    }
    Comparator<JsonNode> order = Comparator.comparing((JsonNode row) -> Html.text(row.get(column)).isEmpty())
        .thenComparing((a, b) -> compare(Html.text(a.get(column)), Html.text(b.get(column)), descending()));
    out.sort(order);
    return out;
  }

  /** The header of a column: a link to the page sorted by it (the other way when it is sorted by it already). */
  String header(String column) {
    boolean sorted = column.equals(column());
    String target = sorted && !descending() ? "-" + column : column;
    MultivaluedMap<String, String> next = new MultivaluedHashMap<>();
    query.forEach((name, values) -> {
      if (!name.equals(PARAM)) {
        next.put(name, values);
      }
    });
    next.putSingle(PARAM, target);
    String arrow = sorted ? (descending() ? " ▼" : " ▲") : "";
    return "<a class=\"sort\" href=\"" + Html.esc(path + "?" + ReportCalls.queryString(next)) + "\">"
        + Html.esc(column) + arrow + "</a>";
  }

  private static int compare(String a, String b, boolean descending) {
    int order;
    try {
      order = new BigDecimal(a).compareTo(new BigDecimal(b));
    } catch (NumberFormatException e) {
      order = a.compareToIgnoreCase(b);
    }
    return descending ? -order : order;
  }
}
