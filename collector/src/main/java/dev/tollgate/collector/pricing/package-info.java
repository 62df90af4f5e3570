/**
 * Rating (a domain package other features build on): the append-only price book and its
 * per-instance cache, the rating engine and charge lines, the price-book and models endpoints, and
 * the catalogue of models seen in traffic. Re-rating stored events lives in usage, which owns them.
 */
package dev.tollgate.collector.pricing;
