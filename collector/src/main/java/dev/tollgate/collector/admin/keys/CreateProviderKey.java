package dev.tollgate.collector.admin.keys;

import dev.tollgate.collector.common.Texts;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * {@code POST /v1/admin/provider-keys}.
 *
 * @param isDefault make this the default key; the first key becomes the default anyway
 * @param apiVersion the {@code api-version} of an {@code azure_openai} key (required for it, refused for others)
 * @param deployments an {@code azure_openai} key's deployment per model, optional
 * @param projectId the OpenAI project an {@code openai_admin} key mints keys in (required for it)
 * @param rotationPeriod an {@code openai_admin} key's rotation period, ISO-8601, default {@code PT24H}
 * @param tenantId an {@code azure_entra} key's Entra ID tenant
 * @param clientId an {@code azure_entra} key's application (client) id
 * @param clientSecret an {@code azure_entra} key's client secret (instead of {@code api_key})
 */
public record CreateProviderKey(
    @NotNull Provider provider,
    @NotBlank @Size(max = Texts.MAX_NAME) String name,
    @NotBlank @Size(max = 2000) String baseUrl,
    @Size(max = 4000) String apiKey,
    Map<String, String> labels,
    Boolean isDefault,
    String apiVersion,
    Map<String, String> deployments,
    String projectId,
    String rotationPeriod,
    String tenantId,
    String clientId,
    @Size(max = 4000) String clientSecret) {

  /** Keeps the key out of any log line or message that prints this record. */
  @Override
  public String toString() {
    return "CreateProviderKey[provider=" + provider + ", name=" + name + ", baseUrl=" + baseUrl + "]";
  }
}
