package dev.tollgate.collector.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ByteConverter;

class BinaryCopyTest {

  private static final int HEADER = 19;

  @Test
  void numericsAreTheBytesPgjdbcWrites() {
    for (String s : new String[] {"0", "0.00", "0E-10", "-0.5", "0.5", "-12345.6789", "1E+3", "10000", "9999",
        "99999999.99990000", "0.1", "0.000150", "1000000", "0.0004215000000000", "0.00002107500000000000",
        "123456789012345678", "999999999999999999", "-999999999999999999", "1000000000000000000",
        "9223372036854775807", "-9223372036854775808", "0.9223372036854775807", "12345678901234567890.123",
        "1E-40", "-1E-41", "5", "100", "0.0001", "0.00010000", "12.3456789012345678"}) {
      assertSame(new BigDecimal(s));
    }
    Random random = new Random(16);
    for (int i = 0; i < 200_000; i++) {
      long unscaled = switch (i % 4) {
        case 0 -> random.nextLong();
        case 1 -> random.nextInt();
        case 2 -> random.nextLong() % 1_000_000_000_000L * (long) Math.pow(10, random.nextInt(6));
        default -> random.nextInt(10_000) * (random.nextBoolean() ? 1 : -1);
      };
      assertSame(BigDecimal.valueOf(unscaled, random.nextInt(34) - 2));
    }
    for (int i = 0; i < 2_000; i++) {
      assertSame(new BigDecimal(new BigInteger(100, random), random.nextInt(40)));
    }
  }

  private static void assertSame(BigDecimal value) {
    byte[] written = new BinaryCopy().numeric(value).bytes();
    byte[] expected = ByteConverter.numeric(value);
    byte[] value4 = Arrays.copyOfRange(written, HEADER + 4, written.length);
    assertThat(ByteBuffer.wrap(written, HEADER, 4).getInt()).as(value.toString()).isEqualTo(expected.length);
    assertThat(value4).as(value.toPlainString() + " (scale " + value.scale() + ")").isEqualTo(expected);
  }
}
