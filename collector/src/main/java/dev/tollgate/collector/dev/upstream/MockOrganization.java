package dev.tollgate.collector.dev.upstream;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated organization behind the admin endpoints: projects' service accounts and their
 * keys, in memory. A key whose account was deleted is answered 401 from then on, as OpenAI
 * does; any other key is accepted (the simulated upstream forgets its accounts when it stops,
 * and keys it never saw keep working so that a restarted dev collector keeps serving).
 */
final class MockOrganization {

  /** The scope a scoped key needs for the model endpoints (chat, responses, embeddings, ...). */
  static final String MODEL_REQUEST_SCOPE = "api.model.request";

  /** A service account and its keys (key id to key value). */
  record Account(String id, String projectId, String name, long createdAt, Map<String, String> keys) {}

  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  /** Accounts by id, in creation order (ids carry a sequence number). */
  private final Map<String, Account> accounts = new ConcurrentSkipListMap<>();
  private final Map<String, String> accountOfKey = new ConcurrentHashMap<>();
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();
  /** The scopes of the keys created with some (key value to scopes); a key without an entry is unscoped. */
  private final Map<String, List<String>> scopes = new ConcurrentHashMap<>();

  MockOrganization(Clock clock) {
    this.clock = clock;
  }

  /** Creates an account with one key; returns the account. */
  synchronized Account create(String projectId, String name) {
    String id = String.format("svc_acct_%012d%s", sequence.incrementAndGet(), Ids.suffix(8));
    Account account = new Account(id, projectId, name, clock.instant().getEpochSecond(), new ConcurrentHashMap<>());
    accounts.put(id, account);
    addKey(account);
    return account;
  }

  /** Adds an unscoped key to the account; returns its id. */
  String addKey(Account account) {
    return addKey(account, List.of());
  }

  /** Adds a key with {@code keyScopes} (none: unscoped) to the account; returns its id. */
  String addKey(Account account, List<String> keyScopes) {
    String keyId = "key_" + Ids.suffix(16);
    String value = "sk-svcacct-" + Ids.suffix(40);
    account.keys().put(keyId, value);
    accountOfKey.put(value, account.id());
    if (!keyScopes.isEmpty()) {
      scopes.put(value, List.copyOf(keyScopes));
    }
    return keyId;
  }

  /**
   * Whether {@code key} may call the model endpoints: an unscoped key may, a scoped one only with
   * {@code api.model.request} among its scopes (as the simulated upstream reads OpenAI's scopes).
   */
  boolean mayRequestModels(String key) {
    List<String> keyScopes = scopes.get(key);
    return keyScopes == null || keyScopes.contains(MODEL_REQUEST_SCOPE);
  }

  Optional<Account> find(String projectId, String id) {
    return Optional.ofNullable(accounts.get(id)).filter(a -> a.projectId().equals(projectId));
  }

  /** The project's accounts after {@code after} (an account id, or null), at most {@code limit}. */
  List<Account> list(String projectId, String after, int limit) {
    List<Account> page = new ArrayList<>();
    for (Account a : accounts.values()) {
      if (a.projectId().equals(projectId) && (after == null || a.id().compareTo(after) > 0)) {
        page.add(a);
        if (page.size() == limit) {
          break;
        }
      }
    }
    return page;
  }

  /** Deletes the account; its keys are refused from now on. */
  synchronized boolean delete(String projectId, String id) {
    Optional<Account> account = find(projectId, id);
    account.ifPresent(a -> {
      accounts.remove(id);
      revoked.addAll(a.keys().values());
    });
    return account.isPresent();
  }

  /** Deletes one key of a project. */
  synchronized boolean deleteKey(String projectId, String keyId) {
    for (Account a : accounts.values()) {
      if (a.projectId().equals(projectId) && a.keys().containsKey(keyId)) {
        revoked.add(a.keys().remove(keyId));
        return true;
      }
    }
    return false;
  }

  boolean revoked(String key) {
    return revoked.contains(key);
  }

  /** Whether the key belongs to a service account (such keys may not use the admin endpoints). */
  boolean serviceAccountKey(String key) {
    return accountOfKey.containsKey(key);
  }
}
