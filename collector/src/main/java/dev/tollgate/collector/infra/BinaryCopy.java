package dev.tollgate.collector.infra;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
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

  private byte[] buf;
  private int size;
  private int rows;

  public BinaryCopy() {
    this(64 * 1024);
  }

  /** Rows expected to take about {@code expectedBytes}: one buffer of that size instead of doubling up to it. */
  public BinaryCopy(int expectedBytes) {
    buf = new byte[Math.max(expectedBytes, HEADER.length + 2)];
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

  /**
   * A {@code numeric}, every digit kept. The bytes are exactly those of pgjdbc's {@code
   * ByteConverter.numeric} (BinaryCopyTest compares them), computed here with {@code long}
   * arithmetic when the digits fit one: pgjdbc divides a {@code BigInteger} by 10,000 per digit
   * group, some 650 bytes of garbage per value, and an ingest batch of 500 events writes about
   * 6,000 values (a third of all the collector allocated per batch).
   */
  public BinaryCopy numeric(BigDecimal value) {
    if (value == null) {
      return nul();
    }
    int scale = value.scale();
    int pad = (4 - scale % 4) % 4;
    // Shifted to whole base-10000 groups the digits must still fit a long: 18 of them at most.
    if (scale < 0 || value.precision() + pad > 18) {
      return value(ByteConverter.numeric(value));
    }
    long unscaled = value.movePointRight(scale).longValueExact();
    long v = Math.abs(unscaled) * POWERS[pad];
    int fractionGroups = (scale + pad) / 4;
    // Base-10000 digits; trailing zero groups dropped as pgjdbc drops them.
    int position = 0;
    while (v != 0 && v % 10_000 == 0) {
      v /= 10_000;
      position++;
    }
    int n = 0;
    while (n < GROUPS.length && v >= GROUPS[n]) {
      n++;
    }
    int weight = n == 0 ? -1 : position + n - 1 - fractionGroups;
    putInt(8 + 2 * n);
    putShort(n);
    putShort(weight);
    putShort(unscaled < 0 ? 0x4000 : 0);
    putShort(scale);
    // Most significant first, no array of digits in between.
    for (int i = n - 1; i >= 0; i--) {
      putShort((int) (v / GROUPS[i] % 10_000));
    }
    return this;
  }

  private static final long[] POWERS = {1, 10, 100, 1000};
  /** 10,000 to the i-th: the place of the i-th base-10000 digit of a long. */
  private static final long[] GROUPS = {1L, 10_000L, 100_000_000L, 1_000_000_000_000L, 10_000_000_000_000_000L};

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
    // Written as one piece from this buffer (CopyManager's InputStream variant copies it through 64 kB of its own).
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("COPY " + table + " FROM STDIN (FORMAT binary)");
    try {
      copy.writeToCopy(buf, 0, size);
      return copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /** The bytes written so far (tests). */
  byte[] bytes() {
    return Arrays.copyOf(buf, size);
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
