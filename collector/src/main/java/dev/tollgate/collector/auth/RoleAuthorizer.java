package dev.tollgate.collector.auth;

import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

/** A caller has exactly its one role; {@code @RolesAllowed} lists every role allowed. */
public final class RoleAuthorizer implements Authorizer<Caller> {

  @Override
  public boolean authorize(Caller caller, String role, ContainerRequestContext request) {
    return caller.role().name().equals(role);
  }
}
