package dev.tollgate.collector.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /openapi.json}: served without credentials, a valid OpenAPI 3.1 document, and
 * describing exactly the {@code /v1} routes of the running application (read from Jersey's
 * resource model, so a route another feature adds is seen the moment it is registered).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiIT {

  static final JerseyRoutes ROUTES = new JerseyRoutes();
  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();

  static {
    APP.addListener(new DropwizardAppExtension.ServiceListener<>() {
      @Override
      public void onRun(TollgateConfiguration configuration, io.dropwizard.core.setup.Environment environment,
          DropwizardAppExtension<TollgateConfiguration> rule) {
        environment.jersey().register(ROUTES);
      }
    });
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void everyV1RouteIsDescribedAndEveryDescribedRouteExists() throws Exception {
    Set<String> running = v1(ROUTES.routes());
    Set<String> described = described(document());

    assertThat(running).as("the app's /v1 routes").contains("POST /v1/usage/events", "GET /v1/admin/teams/{id}");
    assertThat(missing(running, described)).as("/v1 routes missing from /openapi.json").isEmpty();
    assertThat(missing(described, running)).as("routes /openapi.json describes that the app does not serve")
        .isEmpty();
    assertThat(described).noneMatch(route -> route.contains("/mock/"));
  }

  @Test
  void aRouteWithoutDescriptionIsNamed() throws Exception {
    ResourceModel withExtra = new ResourceModel.Builder(false)
        .addResource(Resource.from(Undescribed.class)).build();

    assertThat(missing(v1(JerseyRoutes.of(withExtra)), described(document())))
        .containsExactly("GET /v1/undescribed/{id}");
  }

  @Test
  void isAValidOpenApi31DocumentServedWithoutCredentials() throws Exception {
    HttpResponse<String> r = get("/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
        "application/json"));

    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body(), null, options);

    assertThat(parsed.getMessages()).as("OpenAPI parser messages").isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(parsed.getOpenAPI().getComponents().getSchemas()).containsKeys("Problem", "Lease", "IngestResult");
  }

  @Test
  void responsesTheSuiteSeesAreChecked() throws Exception {
    long before = ConformanceFilter.checked();

    assertThat(get("/v1/admin/teams").statusCode()).isEqualTo(401);

    assertThat(ConformanceFilter.checked()).isGreaterThan(before);
  }

  /** A resource no part describes. */
  @Path("/v1/undescribed")
  public static final class Undescribed {
    @GET
    @Path("{id: [0-9]+}")
    public String get() {
      return "";
    }
  }

  private static Set<String> v1(Set<String> routes) {
    Set<String> out = new TreeSet<>();
    routes.stream().filter(r -> r.split(" ", 2)[1].startsWith("/v1/")).forEach(out::add);
    return out;
  }

  private static Set<String> missing(Set<String> from, Set<String> in) {
    Set<String> out = new TreeSet<>(from);
    out.removeAll(in);
    return out;
  }

  private static Set<String> described(JsonNode document) {
    Set<String> out = new TreeSet<>();
    Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue().fieldNames().forEachRemaining(method -> {
        if (Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(method)) {
          out.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
        }
      });
    }
    return out;
  }

  private static JsonNode document() throws Exception {
    HttpResponse<String> r = get("/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
