package dev.tollgate.collector.common;

import dev.tollgate.collector.TollgateConfiguration;
import dev.tollgate.collector.auth.AccessTokens;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** What a feature package needs to wire itself into the application. */
public record FeatureContext(TollgateConfiguration config, Environment environment, Jdbi jdbi, Clock clock,
    AccessTokens accessTokens) {}
