package dev.tollgate.collector.admin.keys;

import dev.tollgate.collector.common.ProblemException;
import java.util.regex.Pattern;

/**
 * What an {@code azure_entra} key adds: the Entra ID tenant and the application (client) id the
 * collector obtains access tokens for; the application's secret is stored as the key itself
 * (encrypted, shown as a hint). Ids are GUIDs or, for the tenant, a domain name.
 *
 * @param tenantId the tenant, or null for a key of another kind
 * @param clientId the application id, or null for a key of another kind
 */
record EntraSettings(String tenantId, String clientId) {

  static final EntraSettings NONE = new EntraSettings(null, null);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9.-]{1,100}");

  /** The settings of a key of {@code provider}; a 422 naming the field when they do not fit it. */
  static EntraSettings of(Provider provider, String tenantId, String clientId, String clientSecret) {
    if (provider != Provider.AZURE_ENTRA) {
      for (String[] field : new String[][] {{"tenant_id", tenantId}, {"client_id", clientId},
          {"client_secret", clientSecret}}) {
        if (field[1] != null) {
          throw ProblemException.invalid(field[0], "is only for azure_entra keys");
        }
      }
      return NONE;
    }
    if (clientSecret == null || clientSecret.isBlank()) {
      throw ProblemException.invalid("client_secret", "is required for azure_entra keys");
    }
    return new EntraSettings(id("tenant_id", tenantId), id("client_id", clientId));
  }

  static String id(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ProblemException.invalid(field, "is required for azure_entra keys");
    }
    String v = value.strip();
    if (!ID.matcher(v).matches()) {
      throw ProblemException.invalid(field, "must be a GUID or a domain name");
    }
    return v;
  }
}
