package dev.tollgate.collector.infra;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.util.ByteConverter;

/**
 * Rows in PostgreSQL's binary COPY format, sent with one {@code COPY ... FROM STDIN (FORMAT
 * binary)}: the server stores the values as they come, without parsing text. Write each row as
 * {@link #row} followed by exactly that many values, in the table's column order, then {@link #copyInto}.
 */
public final class BinaryCopy {

  private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0,
      0, 0, 0, 0};
  /** PostgreSQL's epoch for timestamps and dates, in seconds and days since 1970-01-01. */
  private static final long PG_EPOCH_SECOND = 946_684_800L;
  private static final long PG_EPOCH_DAY = 10_957L;

  private byte[] buf = new byte[64 * 1024];
  private int size;
  private int rows;

  public BinaryCopy() {
    put(HEADER);
  }

  /** Starts a row of {@code columns} values. */
  public BinaryCopy row(int columns) {
    rows++;
    putShort(columns);
    return this;
  }

  /** The number of rows written so far. */
  public int rows() {
    return rows;
  }

  public BinaryCopy uuid(UUID value) {
    if (value == null) {
      return nul();
    }
    putInt(16);
    putLong(value.getMostSignificantBits());
    putLong(value.getLeastSignificantBits());
    return this;
  }

  public BinaryCopy text(String value) {
    return value == null ? nul() : value(value.getBytes(StandardCharsets.UTF_8));
  }

  /** A {@code jsonb} value from its JSON text (binary format version 1: the text after a version byte). */
  public BinaryCopy jsonb(String json) {
    if (json == null) {
      return nul();
    }
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    putInt(text.length + 1);
    ensure(1);
    buf[size++] = 1;
    put(text);
    return this;
  }

  public BinaryCopy int4(Integer value) {
    if (value == null) {
      return nul();
    }
    putInt(4);
    putInt(value);
    return this;
  }

  public BinaryCopy int8(long value) {
    putInt(8);
    putLong(value);
    return this;
  }

  public BinaryCopy bool(boolean value) {
    putInt(1);
    ensure(1);
    buf[size++] = (byte) (value ? 1 : 0);
    return this;
  }

  /** A {@code numeric}, every digit kept. */
  public BinaryCopy numeric(BigDecimal value) {
    return value == null ? nul() : value(ByteConverter.numeric(value));
  }

  /**
   * A {@code timestamptz}: microseconds, sub-microsecond digits rounded half to even as
   * PostgreSQL rounds a text timestamp.
   */
  public BinaryCopy timestamptz(Instant value) {
    if (value == null) {
      return nul();
    }
    long micros = Math.multiplyExact(value.getEpochSecond() - PG_EPOCH_SECOND, 1_000_000L)
        + (long) Math.rint(value.getNano() / 1000.0);
    putInt(8);
    putLong(micros);
    return this;
  }

  public BinaryCopy date(LocalDate value) {
    if (value == null) {
      return nul();
    }
    putInt(4);
    putInt((int) (value.toEpochDay() - PG_EPOCH_DAY));
    return this;
  }

  /**
   * Sends the rows to {@code table} (optionally with a column list, as in {@code "t (a, b)"}) on
   * {@code connection}, in its current transaction; answers the number of rows copied.
   */
  public long copyInto(Connection connection, String table) throws SQLException {
    putShort(-1);
    try {
      return connection.unwrap(PGConnection.class).getCopyAPI()
          .copyIn("COPY " + table + " FROM STDIN (FORMAT binary)", new ByteArrayInputStream(buf, 0, size));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BinaryCopy nul() {
    putInt(-1);
    return this;
  }

  private BinaryCopy value(byte[] value) {
    putInt(value.length);
    put(value);
    return this;
  }

  private void put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  private void putShort(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  private void putInt(int v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  private void putLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
