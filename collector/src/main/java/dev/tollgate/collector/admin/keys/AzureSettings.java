package dev.tollgate.collector.admin.keys;

import dev.tollgate.collector.common.ProblemException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an {@code azure_openai} key adds: the {@code api-version} every call names (required) and
 * the deployment serving each model (optional; a model without an entry is served by the
 * deployment of its own name). Both become parts of a URL the SDK builds, so they are checked
 * here: a version of letters, digits, dots and dashes ({@code 2024-10-21},
 * {@code 2025-04-01-preview}), deployment names of letters, digits, dots, dashes and underscores.
 *
 * @param apiVersion the api-version, or null for a key of another kind
 * @param deployments the deployments by model, or null for a key of another kind
 */
record AzureSettings(String apiVersion, Map<String, String> deployments) {

  static final AzureSettings NONE = new AzureSettings(null, null);

  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.-]{1,64}");
  private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int MAX_DEPLOYMENTS = 200;

  /** The settings of a key of {@code provider}; a 422 naming the field when they do not fit it. */
  static AzureSettings of(Provider provider, String apiVersion, Map<String, String> deployments) {
    if (!azure(provider.db())) {
      if (apiVersion != null) {
        throw ProblemException.invalid("api_version", "is only for azure_openai and azure_entra keys");
      }
      if (deployments != null) {
        throw ProblemException.invalid("deployments", "are only for azure_openai and azure_entra keys");
      }
      return NONE;
    }
    if (apiVersion == null || apiVersion.isBlank()) {
      throw ProblemException.invalid("api_version", "is required for " + provider.db() + " keys");
    }
    return new AzureSettings(version(apiVersion), deployments(deployments));
  }

  /** Whether keys of this provider are an Azure OpenAI resource's (an api-version and deployments). */
  static boolean azure(String provider) {
    return Provider.AZURE_OPENAI.db().equals(provider) || Provider.AZURE_ENTRA.db().equals(provider);
  }

  static String version(String apiVersion) {
    String v = apiVersion.strip();
    if (!VERSION.matcher(v).matches()) {
      throw ProblemException.invalid("api_version", "must be 1 to 64 letters, digits, dots or dashes, e.g. 2024-10-21");
    }
    return v;
  }

  static Map<String, String> deployments(Map<String, String> deployments) {
    if (deployments == null) {
      return Map.of();
    }
    if (deployments.size() > MAX_DEPLOYMENTS) {
      throw ProblemException.invalid("deployments", "must have at most " + MAX_DEPLOYMENTS + " entries");
    }
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> d : deployments.entrySet()) {
      if (d.getKey().isBlank() || d.getKey().length() > 256) {
        throw ProblemException.invalid("deployments", "models must be 1 to 256 characters");
      }
      if (d.getValue() == null || !DEPLOYMENT.matcher(d.getValue()).matches()) {
        throw ProblemException.invalid("deployments." + d.getKey(),
            "must be a deployment name of 1 to 64 letters, digits, dots, dashes or underscores");
      }
      sorted.put(d.getKey(), d.getValue());
    }
    return sorted;
  }
}
