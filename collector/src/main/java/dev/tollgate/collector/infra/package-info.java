/**
 * The database platform: Flyway migrations ({@code Migrations}, run on start or by
 * {@code db migrate|info}) and their health check; Tollgate's meters ({@code TollgateMeters}),
 * kept in Dropwizard's registry for every feature to mark and exported by the {@code metrics} package.
 */
package dev.tollgate.collector.infra;
