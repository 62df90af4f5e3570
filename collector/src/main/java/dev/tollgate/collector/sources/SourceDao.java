package dev.tollgate.collector.sources;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Sources' SQL, ordered by priority then id. */
@RegisterConstructorMapper(Source.class)
public interface SourceDao {

  String COLUMNS = "id, name, path_regex, priority, created_at, updated_at";

  @SqlUpdate("INSERT INTO sources (" + COLUMNS + ") VALUES "
      + "(:id, :name, :pathRegex, :priority, :createdAt, :updatedAt)")
  void insert(@BindMethods Source source);

  @SqlUpdate("UPDATE sources SET name = :name, path_regex = :pathRegex, priority = :priority, "
      + "updated_at = :updatedAt WHERE id = :id")
  void update(@BindMethods Source source);

  @SqlQuery("SELECT " + COLUMNS + " FROM sources WHERE id = :id")
  Optional<Source> find(@Bind("id") UUID id);

  @SqlQuery("SELECT id FROM sources WHERE id IN (<ids>)")
  List<UUID> existing(@BindList("ids") List<UUID> ids);

  /** Every source in the order the classifier tries them. */
  @SqlQuery("SELECT " + COLUMNS + " FROM sources ORDER BY priority, name")
  List<Source> inClassificationOrder();

  @SqlQuery("SELECT id FROM sources ORDER BY priority, id")
  List<UUID> allIds();

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM sources WHERE lower(name) = lower(:name) "
      + "AND id IS DISTINCT FROM :exceptId)")
  boolean nameTaken(@Bind("name") String name, @Bind("exceptId") UUID exceptId);

  @SqlQuery("SELECT " + COLUMNS + " FROM sources "
      + "WHERE CAST(:afterPriority AS integer) IS NULL OR (priority, id) > (:afterPriority, :afterId) "
      + "ORDER BY priority, id LIMIT :limit")
  List<Source> list(@Bind("afterPriority") Integer afterPriority, @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);
}
