package dev.tollgate.collector.reports;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV downloads: RFC 4180 (comma, CRLF, quotes only where needed), UTF-8, a header row,
 * written straight to the response as rows are produced, as an attachment named
 * {@code tollgate-<report>-<from>-<to>.csv}. Every export goes through here, so every
 * export's text cells are neutralised against formula injection ({@link CsvRows}).
 */
final class CsvResponses {

  static final String MEDIA_TYPE = "text/csv; charset=UTF-8";
  private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss'Z'")
      .withZone(ZoneOffset.UTC);

  /** Writes rows through {@link CsvRows}, which neutralises formula-like text cells. */
  @FunctionalInterface
  interface Rows {
    void write(CsvRows printer) throws IOException;
  }

  private CsvResponses() {}

  static Response attachment(String filename, String[] header, Rows rows) {
    StreamingOutput body = out -> {
      BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      try (CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(header).get())) {
        rows.write(new CsvRows(printer));
      }
    };
    return Response.ok(body, MEDIA_TYPE)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
        .build();
  }

  static Response table(String filename, ReportTable table) {
    return attachment(filename, table.columns().toArray(String[]::new), printer -> {
      for (var row : table.rows()) {
        printer.printRecord(table.columns().stream().map(row::get).toList());
      }
    });
  }

  /** A consumer for streamed rows that prints each one, rethrowing I/O errors unchecked. */
  static <T> Consumer<T> printing(CsvRows printer, Function<T, Object[]> toRow) {
    return item -> {
      try {
        printer.printRecord(toRow.apply(item));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** {@code tollgate-usage-2026-11-01-2026-12-01.csv}; instants off midnight keep their time. */
  static String filename(String report, Instant from, Instant to) {
    return "tollgate-" + report + "-" + stamp(from) + "-" + stamp(to) + ".csv";
  }

  private static String stamp(Instant instant) {
    LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().equals(instant) ? day.toString() : COMPACT.format(instant);
  }
}
