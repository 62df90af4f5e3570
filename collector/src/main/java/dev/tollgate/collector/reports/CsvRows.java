package dev.tollgate.collector.reports;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVPrinter;

/**
 * The only way report code writes CSV rows: every text cell that a spreadsheet would read
 * as a formula (it begins with {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage
 * return) gets a leading {@code '}, as OWASP recommends against CSV injection: team,
 * client, model, end-user and tag values come from callers. Numbers are never touched:
 * numeric values, and text that is a plain decimal number such as {@code -0.5}, are written
 * as they are.
 */
final class CsvRows {

  private static final Pattern PLAIN_NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

  private final CSVPrinter printer;

  CsvRows(CSVPrinter printer) {
    this.printer = printer;
  }

  void printRecord(Object... values) throws IOException {
    printRecord(Arrays.asList(values));
  }

  void printRecord(Iterable<?> values) throws IOException {
    List<Object> cells = new ArrayList<>();
    for (Object value : values) {
      cells.add(cell(value));
    }
    printer.printRecord(cells);
  }

  /** {@code value} as it is safe to write in a cell. */
  static Object cell(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    String text = value.toString();
    if (text.isEmpty() || "=+-@\t\r".indexOf(text.charAt(0)) < 0 || PLAIN_NUMBER.matcher(text).matches()) {
      return value;
    }
    return "'" + text;
  }
}
