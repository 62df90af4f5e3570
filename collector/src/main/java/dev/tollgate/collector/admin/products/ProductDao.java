package dev.tollgate.collector.admin.products;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Products' SQL. */
@RegisterConstructorMapper(ProductRow.class)
public interface ProductDao {

  String COLUMNS = "id, name, markup_percent, created_at, updated_at";

  /** A product and one of its sources, as the list query joins them. */
  record ProductSource(UUID productId, UUID sourceId) {}

  @SqlUpdate("INSERT INTO products (" + COLUMNS + ") VALUES (:id, :name, :markup, :at, :at)")
  void insert(@Bind("id") UUID id, @Bind("name") String name, @Bind("markup") BigDecimal markup,
      @Bind("at") Instant at);

  @SqlUpdate("UPDATE products SET name = :name, markup_percent = :markup, updated_at = :at WHERE id = :id")
  void update(@Bind("id") UUID id, @Bind("name") String name, @Bind("markup") BigDecimal markup,
      @Bind("at") Instant at);

  @SqlBatch("INSERT INTO product_sources (product_id, source_id) VALUES (:productId, :sourceId)")
  void addSources(@Bind("productId") UUID productId, @Bind("sourceId") List<UUID> sourceIds);

  @SqlUpdate("DELETE FROM product_sources WHERE product_id = :productId")
  void removeSources(@Bind("productId") UUID productId);

  @SqlQuery("SELECT " + COLUMNS + " FROM products WHERE id = :id")
  Optional<ProductRow> find(@Bind("id") UUID id);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM products WHERE lower(name) = lower(:name) "
      + "AND id IS DISTINCT FROM :exceptId)")
  boolean nameTaken(@Bind("name") String name, @Bind("exceptId") UUID exceptId);

  @SqlQuery("SELECT " + COLUMNS + " FROM products "
      + "WHERE CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) > (:afterAt, :afterId) "
      + "ORDER BY created_at, id LIMIT :limit")
  List<ProductRow> list(@Bind("afterAt") Instant afterAt, @Bind("afterId") UUID afterId, @Bind("limit") int limit);

  @SqlQuery("SELECT ps.product_id, ps.source_id FROM product_sources ps JOIN sources s ON s.id = ps.source_id "
      + "WHERE ps.product_id IN (<ids>) ORDER BY s.priority, s.id")
  @RegisterConstructorMapper(ProductSource.class)
  List<ProductSource> sourcesOf(@BindList("ids") List<UUID> productIds);
}
