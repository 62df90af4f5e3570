package dev.tollgate.collector.reports;

import java.util.List;
import java.util.Map;

/**
 * An aggregated report: its columns in order (the CSV header, also when there are no rows)
 * and its rows keyed by column name (the JSON items).
 */
record ReportTable(List<String> columns, List<Map<String, Object>> rows) {

  ReportTable {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }
}
