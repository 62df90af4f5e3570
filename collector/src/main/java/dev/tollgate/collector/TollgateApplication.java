package dev.tollgate.collector;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.collector.auth.AccessTokens;
import dev.tollgate.collector.auth.BearerAuthenticator;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.ProblemUnauthorizedHandler;
import dev.tollgate.collector.auth.RoleAuthorizer;
import dev.tollgate.collector.common.CatchAllExceptionMapper;
import dev.tollgate.collector.common.EarlyRejectionFilter;
import dev.tollgate.collector.common.ProblemErrorHandler;
import dev.tollgate.collector.common.RequestTextFilter;
import dev.tollgate.collector.infra.AdminPort;
import dev.tollgate.collector.common.ConstraintViolationExceptionMapper;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.common.JsonProcessingExceptionMapper;
import dev.tollgate.collector.common.ProblemExceptionMapper;
import dev.tollgate.collector.common.StrictJson;
import dev.tollgate.collector.common.WebApplicationExceptionMapper;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.dev.DevMode;
import dev.tollgate.collector.common.DatabaseOutage;
import dev.tollgate.collector.infra.DbCommand;
import dev.tollgate.collector.infra.MigrationHealthCheck;
import dev.tollgate.collector.infra.Migrations;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import java.time.Clock;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * The collector: issues credentials and quota leases, ingests and rates usage, and serves
 * administration and reports. Commands: {@code server config.yml}, {@code db migrate|info
 * config.yml}, and {@code dev} (no configuration, embedded PostgreSQL, demo data).
 */
public class TollgateApplication extends Application<TollgateConfiguration> {

  /** What features wire themselves with; built by {@link #run}, before the server starts. */
  private FeatureContext features;

  public static void main(String[] args) throws Exception {
    new TollgateApplication().run(args);
  }

  @Override
  public String getName() {
    return "tollgate-collector";
  }

  @Override
  public void initialize(Bootstrap<TollgateConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.addCommand(new DbCommand());
    // The one place dev mode enters: the `dev` command, the simulated upstream and the demo data.
    bootstrap.addBundle(new DevMode(clock(), () -> features));
  }

  /** snake_case names, ISO-8601 instants, exact decimals in and out, strict reading ({@link StrictJson}). */
  public static ObjectMapper configureJson(ObjectMapper mapper) {
    return StrictJson.configure(mapper)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  }

  /** The clock every service reads; tests override it. */
  protected Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public void run(TollgateConfiguration config, Environment environment) {
    // After the configuration was parsed: its YAML keys are camelCase, the API's JSON snake_case.
    configureJson(environment.getObjectMapper());
    Migrations migrations = new Migrations(config.getDatabase());
    if (config.isMigrateOnStart()) {
      migrations.migrate();
    }
    environment.healthChecks().register("migrations", new MigrationHealthCheck(migrations));

    Jdbi jdbi = new JdbiFactory().build(environment, DatabaseOutage.recoverable(config.getDatabase()), "postgresql");
    jdbi.installPlugin(new PostgresPlugin());
    // Dropwizard's NamePrependingTemplateEngine only renders, so JDBI parsed every statement's template
    // anew (an ANTLR lexer run per statement, a tenth of a lease's CPU); JDBI's own engine caches the parse.
    jdbi.getConfig(SqlStatements.class).setTemplateEngine(new DefinedAttributeTemplateEngine());
    Clock clock = clock();

    if (config.getServerFactory() instanceof AbstractServerFactory server) {
      // Our mappers answer problem+json for Jersey's and Jackson's errors too.
      server.setRegisterDefaultExceptionMappers(false);
    }
    AdminPort.bindToLoopbackUnlessConfigured(config.getServerFactory());
    var jersey = environment.jersey();
    jersey.register(new ProblemExceptionMapper());
    jersey.register(new WebApplicationExceptionMapper());
    jersey.register(new JsonProcessingExceptionMapper());
    jersey.register(new ConstraintViolationExceptionMapper());
    jersey.register(new CatchAllExceptionMapper());
    jersey.register(new RequestTextFilter());
    jersey.register(new EarlyRejectionFilter());
    ProblemErrorHandler jettyErrors = new ProblemErrorHandler();
    environment.getApplicationContext().setErrorHandler(jettyErrors);
    environment.lifecycle().addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        if (event instanceof Server server) {
          server.setErrorHandler(jettyErrors);
        }
      }
    });

    AccessTokens accessTokens = new AccessTokens(config.getTokenSigningKey(),
        config.getAccessTokenTtl().toJavaDuration(), clock);
    jersey.register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<Caller>()
        .setAuthenticator(new BearerAuthenticator(jdbi, accessTokens, config.getBootstrapAdminKey()))
        .setAuthorizer(new RoleAuthorizer())
        .setPrefix("Bearer")
        .setRealm("tollgate")
        .setUnauthorizedHandler(new ProblemUnauthorizedHandler())
        .buildAuthFilter()));
    jersey.register(RolesAllowedDynamicFeature.class);
    jersey.register(new AuthValueFactoryProvider.Binder<>(Caller.class));

    features = new FeatureContext(environment, jdbi, clock);
    new Services(config, features, accessTokens).register();
  }
}
