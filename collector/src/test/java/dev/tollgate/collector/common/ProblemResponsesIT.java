package dev.tollgate.collector.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ProblemResponsesIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();

  @Test
  void unknownRouteIsAProblemJson404() {
    Response response = APP.client().target("http://localhost:" + APP.getLocalPort() + "/v1/no-such-thing")
        .request().get();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    @SuppressWarnings("unchecked")
    Map<String, Object> body = response.readEntity(Map.class);
    assertThat(body).containsEntry("status", 404).containsKey("type").containsKey("title");
    assertThat(body.toString()).doesNotContain("Exception").doesNotContain("at dev.");
  }
}
