package dev.tollgate.collector.common;

import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What every feature package needs to wire itself into the application: the Dropwizard
 * environment (Jersey, lifecycle, metrics, the JSON mapper), the database and the clock.
 * Settings, caches and services a feature needs besides are arguments of its
 * {@code register} method, so that this package depends on no other collector package.
 */
public record FeatureContext(Environment environment, Jdbi jdbi, Clock clock) {}
