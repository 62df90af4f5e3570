package dev.tollgate.spring;

import dev.tollgate.sdk.FailMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tollgate.*} properties: where the collector is, the application's client
 * credentials, what to do when the collector cannot be reached, and the tags every call carries.
 */
@ConfigurationProperties(prefix = "tollgate")
public class TollgateProperties {

  /** Whether the starter governs Spring AI's OpenAI models (default true). */
  private boolean enabled = true;
  /** The collector's URL, e.g. {@code https://tollgate.example.com}. */
  private String url;
  /** The application's client id, issued by the collector's admin API. */
  private String clientId;
  /** The application's client secret; never logged. */
  private String clientSecret;
  /** What calls do when the collector cannot be reached and no lease covers them (default open). */
  private FailMode failMode = FailMode.OPEN;
  /** Tags every call carries, e.g. {@code tollgate.tags.feature=support-bot}. */
  private Map<String, String> tags = new LinkedHashMap<>();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getClientSecret() {
    return clientSecret;
  }

  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret;
  }

  public FailMode getFailMode() {
    return failMode;
  }

  public void setFailMode(FailMode failMode) {
    this.failMode = failMode;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }

  /** The client secret stays out of logs and failure analyses. */
  @Override
  public String toString() {
    return "TollgateProperties[url=" + url + ", clientId=" + clientId + ", failMode=" + failMode + ", tags=" + tags
        + "]";
  }
}
