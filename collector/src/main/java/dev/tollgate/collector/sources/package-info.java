/** Sources: the path rules that classify upstream calls, tried in priority order. */
package dev.tollgate.collector.sources;
