package dev.tollgate.collector.admin.teams;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Teams' SQL. */
@RegisterConstructorMapper(Team.class)
public interface TeamDao {

  String COLUMNS = "id, name, description, status, provider_key_id, created_at, updated_at";

  @SqlUpdate("INSERT INTO teams (" + COLUMNS + ") VALUES "
      + "(:id, :name, :description, :status, :providerKeyId, :createdAt, :updatedAt)")
  void insert(@BindMethods Team team);

  @SqlUpdate("UPDATE teams SET name = :name, description = :description, status = :status, "
      + "provider_key_id = :providerKeyId, updated_at = :updatedAt WHERE id = :id")
  void update(@BindMethods Team team);

  @SqlQuery("SELECT " + COLUMNS + " FROM teams WHERE id = :id")
  Optional<Team> find(@Bind("id") UUID id);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM teams WHERE lower(name) = lower(:name) "
      + "AND id IS DISTINCT FROM :exceptId)")
  boolean nameTaken(@Bind("name") String name, @Bind("exceptId") UUID exceptId);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM teams)")
  boolean any();

  @SqlQuery("SELECT " + COLUMNS + " FROM teams "
      + "WHERE CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) > (:afterAt, :afterId) "
      + "ORDER BY created_at, id LIMIT :limit")
  List<Team> list(@Bind("afterAt") Instant afterAt, @Bind("afterId") UUID afterId, @Bind("limit") int limit);
}
