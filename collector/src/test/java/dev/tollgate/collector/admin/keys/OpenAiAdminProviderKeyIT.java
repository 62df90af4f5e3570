package dev.tollgate.collector.admin.keys;

import static dev.tollgate.collector.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.admin.AdminHttp;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code openai_admin} provider keys: an admin key and a project id, created, read (hint only),
 * patched; wrong fields are 422s that name the field.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenAiAdminProviderKeyIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();
  static final String ADMIN = TestApps.ADMIN_KEY;
  static final String ADMIN_SECRET = "sk-admin-secret-value-abcd";

  static AdminHttp http;

  @BeforeAll
  static void setUp() {
    http = new AdminHttp("http://localhost:" + APP.getLocalPort());
  }

  private static AdminHttp.Reply createKey(String provider, String extra) {
    return http.post(ADMIN, "/v1/admin/provider-keys", json("{'provider':'%s','name':'%s',"
        + "'base_url':'https://api.openai.com/v1','api_key':'%s'%s}",
        provider, "key-" + UUID.randomUUID().toString().substring(0, 8), ADMIN_SECRET, extra));
  }

  @Test
  void anAdminKeyIsStoredWithItsProjectAndReadAsAHintOnly() {
    var key = createKey("openai_admin", ",'project_id':'proj_abc123','rotation_period':'PT12H'");
    assertThat(key.status()).as(key.body()).isEqualTo(201);
    assertThat(key.text("provider")).isEqualTo("openai_admin");
    assertThat(key.text("project_id")).isEqualTo("proj_abc123");
    assertThat(key.text("rotation_period")).isEqualTo("PT12H");
    assertThat(key.body()).doesNotContain(ADMIN_SECRET);
    var read = http.get(ADMIN, "/v1/admin/provider-keys/" + key.text("id"));
    assertThat(read.body()).doesNotContain(ADMIN_SECRET).contains("abcd");
    assertThat(http.get(ADMIN, "/v1/admin/provider-keys?limit=100").body()).doesNotContain(ADMIN_SECRET);

    var patched = http.patch(ADMIN, "/v1/admin/provider-keys/" + key.text("id"),
        json("{'project_id':'proj_other','rotation_period':'PT6H','api_key':'sk-admin-rotated-wxyz'}"));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.text("project_id")).isEqualTo("proj_other");
    assertThat(patched.text("rotation_period")).isEqualTo("PT6H");
    assertThat(patched.text("api_key_hint")).endsWith("wxyz");
    assertThat(patched.body()).doesNotContain("sk-admin-rotated-wxyz");
  }

  @Test
  void theRotationPeriodDefaultsToADay() {
    var key = createKey("openai_admin", ",'project_id':'proj_default'");
    assertThat(key.status()).as(key.body()).isEqualTo(201);
    assertThat(key.text("rotation_period")).isEqualTo("PT24H");
  }

  @Test
  void wrongFieldsAre422sNamingTheField() {
    assertThat(createKey("openai_admin", "")).satisfies(r -> {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body()).contains("project_id");
    });
    assertThat(createKey("openai_admin", ",'project_id':'proj/../x'")).satisfies(r -> {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body()).contains("project_id");
    });
    assertThat(createKey("openai_admin", ",'project_id':'proj_a','rotation_period':'a day'")).satisfies(r -> {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body()).contains("rotation_period");
    });
    assertThat(createKey("openai_admin", ",'project_id':'proj_a','rotation_period':'PT1M'")).satisfies(r -> {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body()).contains("rotation_period");
    });
    assertThat(createKey("openai", ",'project_id':'proj_a'")).satisfies(r -> {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body()).contains("project_id");
    });
    String plain = createKey("openai", "").text("id");
    assertThat(http.patch(ADMIN, "/v1/admin/provider-keys/" + plain, json("{'rotation_period':'PT6H'}")))
        .satisfies(r -> {
          assertThat(r.status()).isEqualTo(422);
          assertThat(r.body()).contains("rotation_period");
        });
  }
}
