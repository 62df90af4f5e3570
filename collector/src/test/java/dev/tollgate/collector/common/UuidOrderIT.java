package dev.tollgate.collector.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.testing.TestDatabases;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link UuidOrder#POSTGRES} against PostgreSQL's own {@code ORDER BY} of uuid values. */
class UuidOrderIT {

  @Test
  void sortsAsPostgresqlDoesWhereJavasOwnOrderDoesNot() throws Exception {
    Random random = new Random(16);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()));
    }
    // The edges: all bits set in either half, none, and only the sign bit.
    ids.addAll(List.of(new UUID(-1, -1), new UUID(0, 0), new UUID(Long.MIN_VALUE, 0), new UUID(0, Long.MIN_VALUE),
        new UUID(Long.MAX_VALUE, -1)));

    List<UUID> byPostgresql = new ArrayList<>();
    TestDatabases.TestDatabase db = TestDatabases.create();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
         PreparedStatement st = c.prepareStatement("SELECT id FROM unnest(?) AS t(id) ORDER BY id")) {
      Array array = c.createArrayOf("uuid", ids.toArray());
      st.setArray(1, array);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          byPostgresql.add(rs.getObject(1, UUID.class));
        }
      }
    }

    List<UUID> byUuidOrder = ids.stream().sorted(UuidOrder.POSTGRES).toList();
    List<UUID> byCompareTo = ids.stream().sorted().toList();
    assertThat(byUuidOrder).isEqualTo(byPostgresql);
    assertThat(byCompareTo).as("Java's UUID.compareTo, which the quota paths used to lock by").isNotEqualTo(byPostgresql);
  }
}
