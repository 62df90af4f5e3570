package dev.tollgate.collector.admin.products;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Page;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** {@code /v1/admin/products}. */
@Path("/v1/admin/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ProductResource {

  private final ProductService products;

  public ProductResource(ProductService products) {
    this.products = products;
  }

  @POST
  @RolesAllowed(Role.ADMIN_NAME)
  public Response create(@Auth Caller caller, @NotNull @Valid CreateProduct request) {
    return Response.status(Response.Status.CREATED).entity(products.create(caller.actor(), request)).build();
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<Product> list(@Auth Caller caller, @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return products.list(limit, cursor);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Product get(@Auth Caller caller, @PathParam("id") UUID id) {
    return products.get(id);
  }

  @PATCH
  @Path("/{id}")
  @RolesAllowed(Role.ADMIN_NAME)
  public Product update(@Auth Caller caller, @PathParam("id") UUID id, @NotNull @Valid ProductPatch patch) {
    return products.update(caller.actor(), id, patch);
  }
}
