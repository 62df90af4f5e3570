/**
 * The application: {@link dev.tollgate.collector.TollgateApplication} (commands, Jackson, Jdbi,
 * problem+json, authentication, and the one call that adds dev mode) and {@code Services}, which
 * hands each feature its context, settings and the shared caches. Nothing depends on this package.
 * The package kinds and their allowed dependencies: docs/architecture.md, checked by ArchitectureTest.
 */
package dev.tollgate.collector;
