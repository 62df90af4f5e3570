package dev.tollgate.collector.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsTest {

  @Test
  void migratesAnEmptyDatabaseAndSeedsTheStandardSources() throws Exception {
    TestDatabases.TestDatabase db = TestDatabases.create();
    Migrations migrations = new Migrations(db.url(), db.user(), db.password());
    assertThat(migrations.upToDate()).isFalse();

    migrations.migrate();

    assertThat(migrations.upToDate()).isTrue();
    List<String> sources = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sources ORDER BY priority")) {
      while (rs.next()) {
        sources.add(rs.getString(1));
      }
    }
    assertThat(sources).containsExactly("chat.completions", "responses", "embeddings", "moderations",
        "images", "audio", "fine_tuning", "other");
  }
}
