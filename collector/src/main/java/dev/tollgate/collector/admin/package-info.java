/**
 * Administration (a feature): {@link dev.tollgate.collector.admin.AdminFeature} registers the
 * admin resources; each sub-package is one resource with its service, DAO and records (teams,
 * clients, provider and API keys, products, subscriptions). Source rules are the sources
 * package's, the price book the pricing package's.
 */
package dev.tollgate.collector.admin;
