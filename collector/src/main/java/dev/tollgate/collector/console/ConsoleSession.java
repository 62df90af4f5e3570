package dev.tollgate.collector.console;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import java.util.UUID;

/**
 * A signed-in console user: who they are (as the API would see their key) and the token their
 * forms must echo.
 */
record ConsoleSession(UUID id, Role role, String actor, String csrfToken) {

  /** The caller the reports see: the API key's role and actor. */
  Caller caller() {
    return Caller.apiKey(role, actor);
  }

  boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
