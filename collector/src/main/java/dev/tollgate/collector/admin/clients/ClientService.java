package dev.tollgate.collector.admin.clients;

import dev.tollgate.collector.common.Keyset;
import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.common.Texts;
import dev.tollgate.collector.common.Unique;
import dev.tollgate.collector.admin.teams.TeamDao;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.SecretHasher;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients: a public {@code tg_...} id and a secret shown once (at creation or rotation) and
 * stored only as a PBKDF2 hash. A rotation replaces the hash, so the old secret stops working
 * at the next token request; tokens already issued live out their short lifetime.
 */
public final class ClientService {

  private static final Logger LOG = LoggerFactory.getLogger(ClientService.class);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;
  private final SecretHasher hasher;

  public ClientService(Jdbi jdbi, AuditLog audit, Clock clock, SecretHasher hasher) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.clock = clock;
    this.hasher = hasher;
  }

  /** A new public client id: {@code tg_} and 24 hex digits (96 random bits). */
  static String newClientId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "tg_" + HexFormat.of().formatHex(bytes);
  }

  public IssuedClient create(String actor, UUID teamId, CreateClient request) {
    return Unique.orConflict("name", "this team has a client with this name",
        () -> jdbi.inTransaction(handle -> create(handle, actor, teamId, request)));
  }

  /** Creates a client inside the caller's transaction. */
  public IssuedClient create(Handle handle, String actor, UUID teamId, CreateClient request) {
    String name = Texts.name("name", request.name());
    if (handle.attach(TeamDao.class).find(teamId).isEmpty()) {
      throw ProblemException.notFound("team");
    }
    ClientDao clients = handle.attach(ClientDao.class);
    if (clients.nameTaken(teamId, name, null)) {
      throw ProblemException.conflict("name", "this team has a client with this name");
    }
    String secret = SecretHasher.newSecret();
    String hash = hasher.hash(secret);
    UUID id = UUID.randomUUID();
    String clientId = newClientId();
    Instant now = clock.instant();
    clients.insert(id, teamId, name, clientId, hash, now);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("team_id", teamId);
    details.put("name", name);
    details.put("client_id", clientId);
    audit.record(handle, actor, "client.created", "client", id, details);
    LOG.info("Client {} ({}) created for team {} by {}", clientId, id, teamId, actor);
    return new IssuedClient(id, teamId, name, clientId, secret, "active", now);
  }

  public Page<Client> list(UUID teamId, String limit, String cursor) {
    int size = Pages.limit(limit);
    Keyset after = Keyset.after(cursor);
    return jdbi.inTransaction(handle -> {
      if (handle.attach(TeamDao.class).find(teamId).isEmpty()) {
        throw ProblemException.notFound("team");
      }
      return Pages.of(handle.attach(ClientDao.class).list(teamId, after.at(), after.id(), size + 1), size,
          client -> Keyset.cursor(client.createdAt(), client.id()));
    });
  }

  public Client get(UUID id) {
    return jdbi.withExtension(ClientDao.class, clients -> clients.find(id))
        .orElseThrow(() -> ProblemException.notFound("client"));
  }

  public Client update(String actor, UUID id, ClientPatch patch) {
    String name = Texts.name("name", patch.name());
    return Unique.orConflict("name", "this team has a client with this name", () -> jdbi.inTransaction(handle -> {
      ClientDao clients = handle.attach(ClientDao.class);
      Client old = clients.find(id).orElseThrow(() -> ProblemException.notFound("client"));
      Map<String, Object> changes = new LinkedHashMap<>();
      if (name != null && !name.equals(old.name())) {
        if (clients.nameTaken(old.teamId(), name, id)) {
          throw ProblemException.conflict("name", "this team has a client with this name");
        }
        changes.put("name", name);
      }
      if (patch.status() != null && !patch.status().db().equals(old.status())) {
        changes.put("status", patch.status().db());
      }
      if (changes.isEmpty()) {
        return old;
      }
      String newName = name == null ? old.name() : name;
      String status = patch.status() == null ? old.status() : patch.status().db();
      Instant now = clock.instant();
      clients.update(id, newName, status, now);
      changes.put("client_id", old.clientId());
      audit.record(handle, actor, "client.updated", "client", id, changes);
      return new Client(id, old.teamId(), newName, old.clientId(), status, old.createdAt(), now);
    }));
  }

  public RotatedSecret rotateSecret(String actor, UUID id) {
    String secret = SecretHasher.newSecret();
    String hash = hasher.hash(secret);
    return jdbi.inTransaction(handle -> {
      ClientDao clients = handle.attach(ClientDao.class);
      Client client = clients.find(id).orElseThrow(() -> ProblemException.notFound("client"));
      clients.replaceSecret(id, hash, clock.instant());
      audit.record(handle, actor, "client.secret_rotated", "client", id,
          Map.of("client_id", client.clientId(), "team_id", client.teamId()));
      LOG.info("Client {} secret rotated by {}", client.clientId(), actor);
      return new RotatedSecret(id, client.clientId(), secret);
    });
  }
}
