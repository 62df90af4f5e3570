/**
 * The database platform: Flyway migrations ({@code Migrations}, run on start or by
 * {@code db migrate|info}) and their health check.
 */
package dev.tollgate.collector.infra;
