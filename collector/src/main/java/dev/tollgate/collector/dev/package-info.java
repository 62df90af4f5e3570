/**
 * Dev mode, and the only package that knows it exists: {@link dev.tollgate.collector.dev.DevMode}
 * (the bundle the application adds) wires the {@code dev} command (the embedded PostgreSQL store,
 * generated keys), the simulated upstream ({@code dev.upstream}), the default price book and the
 * demo data. Never active under {@code server} unless the configuration says {@code devMode}.
 */
package dev.tollgate.collector.dev;
