/**
 * What every package may use and which uses no other collector package (foundation):
 * problem+json ({@link dev.tollgate.collector.common.ProblemException} and the exception
 * mappers), paging ({@code Page}, {@code Pages}, {@code Cursors}, {@code Keyset}), retried
 * transactions, unique-name conflicts, and {@link dev.tollgate.collector.common.FeatureContext}.
 */
package dev.tollgate.collector.common;
