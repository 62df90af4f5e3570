package dev.tollgate.collector.pricing;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The price book and the models seen in traffic. */
@RegisterRowMapper(PricingDao.EntryMapper.class)
public interface PricingDao {

  /** What identifies a version of the price book: it only grows, so count and latest insert suffice. */
  record Version(long count, Instant latest) {}

  /** A model seen in traffic, and how many of its events are unpriced. */
  record SeenModel(String model, Instant firstSeenAt, Instant lastSeenAt, long unpricedEvents) {}

  String VERSION = "SELECT count(*) AS count, max(created_at) AS latest FROM prices";

  /** The book's version, read on {@code h} (a plain statement: leases and ingest read it on every request). */
  static Version version(Handle h) {
    return h.createQuery(VERSION).map((rs, ctx) -> version(rs, 1)).one();
  }

  /** The version in the columns from {@code column} on of a row that selected {@link #VERSION}'s columns. */
  static Version version(ResultSet rs, int column) throws SQLException {
    OffsetDateTime latest = rs.getObject(column + 1, OffsetDateTime.class);
    return new Version(rs.getLong(column), latest == null ? null : latest.toInstant());
  }

  @SqlQuery("SELECT * FROM prices")
  List<PriceEntry> all();

  @SqlQuery("""
      SELECT * FROM prices
      WHERE model = :model AND service_tier = :serviceTier AND element = :element AND effective_from = :effectiveFrom""")
  Optional<PriceEntry> find(@Bind("model") String model, @Bind("serviceTier") String serviceTier,
      @Bind("element") String element, @Bind("effectiveFrom") Instant effectiveFrom);

  @SqlUpdate("""
      INSERT INTO prices (id, model, service_tier, element, price, per, currency, effective_from, created_at)
      VALUES (:id, :model, :serviceTier, :element, :price, :per, :currency, :effectiveFrom, :createdAt)
      ON CONFLICT (model, service_tier, element, effective_from) DO NOTHING""")
  int insert(@Bind("id") UUID id, @Bind("model") String model, @Bind("serviceTier") String serviceTier,
      @Bind("element") String element, @Bind("price") BigDecimal price, @Bind("per") BigDecimal per,
      @Bind("currency") String currency, @Bind("effectiveFrom") Instant effectiveFrom,
      @Bind("createdAt") Instant createdAt);

  @SqlQuery("""
      SELECT m.model, m.first_seen_at, m.last_seen_at,
             (SELECT count(*) FROM usage_events e WHERE e.unpriced AND e.rated_model = m.model) AS unpriced_events
      FROM models_seen m ORDER BY m.model""")
  @RegisterConstructorMapper(SeenModel.class)
  List<SeenModel> modelsSeen();

  /** Maps a {@code prices} row. */
  final class EntryMapper implements RowMapper<PriceEntry> {
    @Override
    public PriceEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new PriceEntry(rs.getObject("id", UUID.class), rs.getString("model"),
          Element.fromWire(rs.getString("element")).orElseThrow(), rs.getBigDecimal("price"),
          rs.getBigDecimal("per"), rs.getString("currency"),
          rs.getObject("effective_from", OffsetDateTime.class).toInstant(),
          rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("service_tier"));
    }
  }
}
