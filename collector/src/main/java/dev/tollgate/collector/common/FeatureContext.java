package dev.tollgate.collector.common;

import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.auth.AccessTokens;
import dev.tollgate.collector.pricing.PriceBookCache;
import dev.tollgate.collector.sources.SourceClassifier;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What a feature package needs to wire itself into the application, including the caches
 * several features read (one price book and one set of source rules per instance).
 */
public record FeatureContext(TollgateConfiguration config, Environment environment, Jdbi jdbi, Clock clock,
    AccessTokens accessTokens, PriceBookCache prices, SourceClassifier sources) {}
