package dev.tollgate.collector.admin.clients;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Clients' SQL. Reads never select {@code secret_hash}. */
@RegisterConstructorMapper(Client.class)
public interface ClientDao {

  String COLUMNS = "id, team_id, name, client_id, status, created_at, updated_at";

  @SqlUpdate("INSERT INTO clients (id, team_id, name, client_id, secret_hash, status, created_at, updated_at) "
      + "VALUES (:id, :teamId, :name, :clientId, :secretHash, 'active', :at, :at)")
  void insert(@Bind("id") UUID id, @Bind("teamId") UUID teamId, @Bind("name") String name,
      @Bind("clientId") String clientId, @Bind("secretHash") String secretHash, @Bind("at") Instant at);

  @SqlUpdate("UPDATE clients SET name = :name, status = :status, updated_at = :at WHERE id = :id")
  void update(@Bind("id") UUID id, @Bind("name") String name, @Bind("status") String status,
      @Bind("at") Instant at);

  @SqlUpdate("UPDATE clients SET secret_hash = :secretHash, updated_at = :at WHERE id = :id")
  void replaceSecret(@Bind("id") UUID id, @Bind("secretHash") String secretHash, @Bind("at") Instant at);

  @SqlQuery("SELECT " + COLUMNS + " FROM clients WHERE id = :id")
  Optional<Client> find(@Bind("id") UUID id);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM clients WHERE client_id = :clientId)")
  boolean publicIdExists(@Bind("clientId") String clientId);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM clients WHERE team_id = :teamId AND lower(name) = lower(:name) "
      + "AND id IS DISTINCT FROM :exceptId)")
  boolean nameTaken(@Bind("teamId") UUID teamId, @Bind("name") String name, @Bind("exceptId") UUID exceptId);

  @SqlQuery("SELECT " + COLUMNS + " FROM clients WHERE team_id = :teamId AND "
      + "(CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) > (:afterAt, :afterId)) "
      + "ORDER BY created_at, id LIMIT :limit")
  List<Client> list(@Bind("teamId") UUID teamId, @Bind("afterAt") Instant afterAt, @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);
}
