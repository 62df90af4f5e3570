/**
 * The web console at {@code /console}: server-rendered HTML pages over the same {@code Reports}
 * the REST API serves (a page renders the API's own JSON for the same query parameters), sign-in
 * with an admin or finance API key into a session kept in PostgreSQL, CSRF tokens on every form,
 * and charts drawn as SVG on the server with their numbers in a table beside them. It lives
 * under {@code reports} because a feature may not use another feature (docs/architecture.md).
 */
package dev.tollgate.collector.reports.console;
