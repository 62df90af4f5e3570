package dev.tollgate.collector.pricing;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Page;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/admin/models}: every model seen in traffic, first and last seen, whether priced. */
@Path("/v1/admin/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

  /** A model seen in traffic; {@code priced} when the book has a prompt or completion rate for it. */
  public record ModelView(String model, Instant firstSeenAt, Instant lastSeenAt, boolean priced, long unpricedEvents) {}

  private final PriceService prices;

  public ModelsResource(PriceService prices) {
    this.prices = prices;
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<ModelView> models(@Auth Caller caller) {
    PriceBook book = prices.book();
    List<ModelView> items = prices.modelsSeen().stream()
        .map(m -> new ModelView(m.model(), m.firstSeenAt(), m.lastSeenAt(), book.hasAnyRate(m.model()),
            m.unpricedEvents()))
        .toList();
    return new Page<>(items, null);
  }
}
