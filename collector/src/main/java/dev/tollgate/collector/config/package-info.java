/**
 * The configuration, {@link dev.tollgate.collector.config.TollgateConfiguration}: the only way
 * settings and environment variables ({@code ${TOLLGATE_*}} in its YAML) reach the collector. Read
 * by the application, dev mode and the database commands; features get their settings as arguments.
 */
package dev.tollgate.collector.config;
