package dev.tollgate.collector.admin.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.common.Keyset;
import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.common.Texts;
import dev.tollgate.collector.common.Unique;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider keys: stored encrypted (AES-GCM), shown only as a hint. At most one key is the
 * default, which teams without an assigned key use; the first key created becomes it. An
 * {@code openai_admin} key also names its project and rotation period ({@link OpenAiAdminSettings}).
 */
public final class ProviderKeyService {

  private static final Logger LOG = LoggerFactory.getLogger(ProviderKeyService.class);

  private static final int MAX_LABELS = 50;

  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;
  private final ProviderKeyCipher cipher;
  private final ObjectMapper json;

  public ProviderKeyService(Jdbi jdbi, AuditLog audit, Clock clock, ProviderKeyCipher cipher, ObjectMapper json) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.clock = clock;
    this.cipher = cipher;
    this.json = json;
  }

  public ProviderKey create(String actor, CreateProviderKey request) {
    return Unique.orConflict("name", "a provider key with this name exists",
        () -> jdbi.inTransaction(handle -> create(handle, actor, request)));
  }

  /** Creates a key inside the caller's transaction. */
  public ProviderKey create(Handle handle, String actor, CreateProviderKey request) {
    String name = Texts.name("name", request.name());
    String baseUrl = baseUrl(request.baseUrl());
    Map<String, String> labels = labels(request.labels());
    EntraSettings entra = EntraSettings.of(request.provider(), request.tenantId(), request.clientId(),
        request.clientSecret());
    String apiKey = secret(request.provider(), request.apiKey(), request.clientSecret());
    AzureSettings azure = AzureSettings.of(request.provider(), request.apiVersion(), request.deployments());
    OpenAiAdminSettings admin = OpenAiAdminSettings.of(request.provider(), request.projectId(), request.rotationPeriod());
    ProviderKeyDao keys = handle.attach(ProviderKeyDao.class);
    if (keys.findByName(name).isPresent()) {
      throw ProblemException.conflict("name", "a provider key with this name exists");
    }
    Instant now = clock.instant();
    keys.lockDefaultFlag();
    boolean isDefault = Boolean.TRUE.equals(request.isDefault()) || !keys.hasDefault();
    if (isDefault) {
      keys.clearDefault(now);
    }
    UUID id = UUID.randomUUID();
    String hint = ProviderKeyCipher.hint(apiKey);
    keys.insert(id, request.provider().db(), name, baseUrl, cipher.encrypt(apiKey), hint, toJson(labels),
        isDefault, now, azure.apiVersion(), toJson(azure.deployments() == null ? Map.of() : azure.deployments()),
        admin.projectId(), admin.rotationPeriod() == null ? null : admin.rotationPeriod().toSeconds(),
        entra.tenantId(), entra.clientId());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", name);
    details.put("provider", request.provider().db());
    details.put("base_url", baseUrl);
    details.put("api_key_hint", hint);
    details.put("is_default", isDefault);
    if (azure.apiVersion() != null) {
      details.put("api_version", azure.apiVersion());
      details.put("deployments", azure.deployments());
    }
    if (entra.tenantId() != null) {
      details.put("tenant_id", entra.tenantId());
      details.put("client_id", entra.clientId());
    }
    if (admin.projectId() != null) {
      details.put("project_id", admin.projectId());
      details.put("rotation_period", admin.rotationPeriod().toString());
    }
    audit.record(handle, actor, "provider_key.created", "provider_key", id, details);
    LOG.info("Provider key {} ({}, {}) created by {}", id, name, hint, actor);
    return view(keys.find(id).orElseThrow());
  }

  public ProviderKey get(UUID id) {
    return jdbi.withExtension(ProviderKeyDao.class, keys -> keys.find(id)).map(this::view)
        .orElseThrow(() -> ProblemException.notFound("provider key"));
  }

  public Page<ProviderKey> list(String limit, String cursor) {
    int size = Pages.limit(limit);
    Keyset after = Keyset.after(cursor);
    var rows = jdbi.withExtension(ProviderKeyDao.class, keys -> keys.list(after.at(), after.id(), size + 1));
    return Pages.of(rows.stream().map(this::view).toList(), size, key -> Keyset.cursor(key.createdAt(), key.id()));
  }

  public ProviderKey update(String actor, UUID id, ProviderKeyPatch patch) {
    String name = Texts.name("name", patch.name());
    String baseUrl = patch.baseUrl() == null ? null : baseUrl(patch.baseUrl());
    Map<String, String> labels = patch.labels() == null ? null : labels(patch.labels());
    if (patch.apiKey() != null && patch.apiKey().isBlank()) {
      throw ProblemException.invalid("api_key", "must not be blank");
    }
    String apiVersion = patch.apiVersion() == null ? null : AzureSettings.version(patch.apiVersion());
    Map<String, String> deployments = patch.deployments() == null ? null : AzureSettings.deployments(patch.deployments());
    String projectId = patch.projectId() == null ? null : OpenAiAdminSettings.projectId(patch.projectId());
    Long rotationSeconds = patch.rotationPeriod() == null ? null
        : OpenAiAdminSettings.rotationPeriod(patch.rotationPeriod()).toSeconds();
    String tenantId = patch.tenantId() == null ? null : EntraSettings.id("tenant_id", patch.tenantId());
    String clientId = patch.clientId() == null ? null : EntraSettings.id("client_id", patch.clientId());
    if (patch.clientSecret() != null && patch.clientSecret().isBlank()) {
      throw ProblemException.invalid("client_secret", "must not be blank");
    }
    return Unique.orConflict("name", "a provider key with this name exists", () -> jdbi.inTransaction(handle -> {
      ProviderKeyDao keys = handle.attach(ProviderKeyDao.class);
      ProviderKeyRow old = keys.find(id).orElseThrow(() -> ProblemException.notFound("provider key"));
      Instant now = clock.instant();
      Map<String, Object> changes = new LinkedHashMap<>();
      if (name != null && !name.equals(old.name())) {
        if (keys.findByName(name).filter(other -> !other.id().equals(id)).isPresent()) {
          throw ProblemException.conflict("name", "a provider key with this name exists");
        }
        changes.put("name", name);
      }
      if (baseUrl != null && !baseUrl.equals(old.baseUrl())) {
        changes.put("base_url", baseUrl);
      }
      if (labels != null && !labels.equals(stringMap(old.labels()))) {
        changes.put("labels", labels);
      }
      boolean azure = AzureSettings.azure(old.provider());
      boolean entra = Provider.AZURE_ENTRA.db().equals(old.provider());
      for (String[] field : new String[][] {{"tenant_id", tenantId}, {"client_id", clientId},
          {"client_secret", patch.clientSecret()}}) {
        if (!entra && field[1] != null) {
          throw ProblemException.invalid(field[0], "is only for azure_entra keys");
        }
      }
      if (entra && patch.apiKey() != null) {
        throw ProblemException.invalid("api_key", "is not for azure_entra keys: replace client_secret");
      }
      if (tenantId != null && !tenantId.equals(old.tenantId())) {
        changes.put("tenant_id", tenantId);
      }
      if (clientId != null && !clientId.equals(old.clientId())) {
        changes.put("client_id", clientId);
      }
      if (!azure && apiVersion != null) {
        throw ProblemException.invalid("api_version", "is only for azure_openai and azure_entra keys");
      }
      if (!azure && deployments != null) {
        throw ProblemException.invalid("deployments", "are only for azure_openai and azure_entra keys");
      }
      boolean openAiAdmin = Provider.OPENAI_ADMIN.db().equals(old.provider());
      if (!openAiAdmin && projectId != null) {
        throw ProblemException.invalid("project_id", "is only for openai_admin keys");
      }
      if (!openAiAdmin && rotationSeconds != null) {
        throw ProblemException.invalid("rotation_period", "is only for openai_admin keys");
      }
      if (projectId != null && !projectId.equals(old.projectId())) {
        changes.put("project_id", projectId);
      }
      if (rotationSeconds != null && !rotationSeconds.equals(old.rotationPeriodSeconds())) {
        changes.put("rotation_period", java.time.Duration.ofSeconds(rotationSeconds).toString());
      }
      if (apiVersion != null && !apiVersion.equals(old.apiVersion())) {
        changes.put("api_version", apiVersion);
      }
      if (deployments != null && !deployments.equals(stringMap(old.deployments()))) {
        changes.put("deployments", deployments);
      }
      boolean isDefault = old.isDefault();
      if (patch.isDefault() != null && patch.isDefault() != old.isDefault()) {
        isDefault = patch.isDefault();
        if (isDefault) {
          keys.lockDefaultFlag();
          keys.clearDefault(now);
        }
        changes.put("is_default", isDefault);
      }
      if (patch.apiKey() != null || patch.clientSecret() != null) {
        String apiKey = (patch.apiKey() != null ? patch.apiKey() : patch.clientSecret()).strip();
        String hint = ProviderKeyCipher.hint(apiKey);
        keys.replaceKey(id, cipher.encrypt(apiKey), hint, now);
        changes.put("api_key_hint", hint);
        LOG.info("Provider key {} replaced ({}) by {}", id, hint, actor);
      }
      if (changes.isEmpty()) {
        return view(old);
      }
      keys.update(id, name == null ? old.name() : name, baseUrl == null ? old.baseUrl() : baseUrl,
          labels == null ? old.labels() : toJson(labels), isDefault,
          apiVersion == null ? old.apiVersion() : apiVersion,
          deployments == null ? old.deployments() : toJson(deployments),
          projectId == null ? old.projectId() : projectId,
          rotationSeconds == null ? old.rotationPeriodSeconds() : rotationSeconds,
          tenantId == null ? old.tenantId() : tenantId, clientId == null ? old.clientId() : clientId, now);
      audit.record(handle, actor, "provider_key.updated", "provider_key", id, changes);
      return view(keys.find(id).orElseThrow());
    }));
  }

  /** The secret to store: an azure_entra key's client secret, every other kind's api_key; 422 naming the field. */
  private static String secret(Provider provider, String apiKey, String clientSecret) {
    if (provider == Provider.AZURE_ENTRA) {
      if (apiKey != null) {
        throw ProblemException.invalid("api_key", "is not for azure_entra keys: give client_secret");
      }
      return clientSecret.strip();
    }
    if (apiKey == null || apiKey.isBlank()) {
      throw ProblemException.invalid("api_key", "is required for " + provider.db() + " keys");
    }
    return apiKey.strip();
  }

  /** An absolute http(s) URL without a trailing slash; anything else is a 422 naming {@code base_url}. */
  static String baseUrl(String value) {
    String url = value.strip();
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
        throw ProblemException.invalid("base_url", "must be an absolute http or https URL");
      }
    } catch (URISyntaxException e) {
      throw ProblemException.invalid("base_url", "must be an absolute http or https URL");
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }

  private static Map<String, String> labels(Map<String, String> labels) {
    if (labels == null) {
      return Map.of();
    }
    if (labels.size() > MAX_LABELS) {
      throw ProblemException.invalid("labels", "must have at most " + MAX_LABELS + " entries");
    }
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (label.getKey().isBlank() || label.getKey().length() > 100) {
        throw ProblemException.invalid("labels", "keys must be 1 to 100 characters");
      }
      if (label.getValue() == null || label.getValue().length() > 200) {
        throw ProblemException.invalid("labels." + label.getKey(), "must be a string of at most 200 characters");
      }
      sorted.put(label.getKey(), label.getValue());
    }
    return sorted;
  }

  private ProviderKey view(ProviderKeyRow row) {
    boolean azure = AzureSettings.azure(row.provider());
    return new ProviderKey(row.id(), row.provider(), row.name(), row.baseUrl(), row.apiKeyHint(),
        stringMap(row.labels()), row.isDefault(), row.createdAt(), row.updatedAt(),
        azure ? row.apiVersion() : null, azure ? stringMap(row.deployments()) : null, row.projectId(),
        row.rotationPeriodSeconds() == null ? null : java.time.Duration.ofSeconds(row.rotationPeriodSeconds()).toString(),
        row.tenantId(), row.clientId());
  }

  private Map<String, String> stringMap(String labelsJson) {
    try {
      return new TreeMap<>(json.readValue(labelsJson, new TypeReference<Map<String, String>>() { }));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("provider_keys holds a JSON column that is not an object of strings", e);
    }
  }

  private String toJson(Map<String, String> labels) {
    try {
      return json.writeValueAsString(labels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
