package dev.tollgate.collector.admin.keys;

import java.util.Map;

/**
 * {@code PATCH /v1/admin/provider-keys/{id}}: fields present change. {@code api_key} replaces
 * the upstream key (e.g. after rotating it at the provider); {@code is_default: true} moves
 * the default to this key. {@code api_version} and {@code deployments} (an {@code azure_openai}
 * key's) replace the old values; so do {@code project_id} and {@code rotation_period} (an
 * {@code openai_admin} key's). Replacing an {@code openai_admin} key's {@code api_key} rotates
 * the admin key; the keys already minted with it stay until their own rotation. {@code tenant_id},
 * {@code client_id} and {@code client_secret} replace an {@code azure_entra} key's.
 */
public record ProviderKeyPatch(String name, String baseUrl, String apiKey, Map<String, String> labels,
    Boolean isDefault, String apiVersion, Map<String, String> deployments,
    String projectId, String rotationPeriod, String tenantId, String clientId, String clientSecret) {

  @Override
  public String toString() {
    return "ProviderKeyPatch[name=" + name + ", baseUrl=" + baseUrl + "]";
  }
}
