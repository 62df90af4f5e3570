/**
 * The web console at {@code /console}: server-rendered HTML pages over the same {@code Reports}
 * the REST API serves (a page renders the API's own JSON for the same query parameters), the
 * admin pages writing through the same services as {@code /v1/admin/*}, sign-in with an admin or
 * finance API key into a session kept in PostgreSQL, CSRF tokens on every form, and charts drawn
 * as SVG on the server with their numbers in a table beside them. It is a package of its own kind,
 * presentation, which may use features (docs/architecture.md, "Collector packages").
 */
package dev.tollgate.collector.console;
