package dev.tollgate.collector.admin.products;

import dev.tollgate.collector.common.Keyset;
import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.common.Texts;
import dev.tollgate.collector.common.Unique;
import dev.tollgate.collector.sources.SourceDao;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.FieldError;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Products: a name, the sources a subscriber may call, and a markup. */
public final class ProductService {

  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;

  public ProductService(Jdbi jdbi, AuditLog audit, Clock clock) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.clock = clock;
  }

  public Product create(String actor, CreateProduct request) {
    return Unique.orConflict("name", "a product with this name exists",
        () -> jdbi.inTransaction(handle -> create(handle, actor, request)));
  }

  /** Creates a product inside the caller's transaction. */
  public Product create(Handle handle, String actor, CreateProduct request) {
    String name = Texts.name("name", request.name());
    BigDecimal markup = request.markupPercent() == null ? BigDecimal.ZERO : request.markupPercent();
    ProductDao products = handle.attach(ProductDao.class);
    if (products.nameTaken(name, null)) {
      throw ProblemException.conflict("name", "a product with this name exists");
    }
    List<UUID> sourceIds = knownSources(handle, request.sourceIds());
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    products.insert(id, name, markup, now);
    products.addSources(id, sourceIds);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", name);
    details.put("source_ids", sourceIds);
    details.put("markup_percent", markup);
    audit.record(handle, actor, "product.created", "product", id, details);
    return load(handle, id);
  }

  public Product get(UUID id) {
    return jdbi.inTransaction(handle -> load(handle, id));
  }

  public Page<Product> list(String limit, String cursor) {
    int size = Pages.limit(limit);
    Keyset after = Keyset.after(cursor);
    return jdbi.inTransaction(handle -> {
      ProductDao products = handle.attach(ProductDao.class);
      List<ProductRow> rows = products.list(after.at(), after.id(), size + 1);
      Map<UUID, List<UUID>> sources = sourcesOf(products, rows.stream().map(ProductRow::id).toList());
      List<Product> items = rows.stream()
          .map(row -> product(row, sources.getOrDefault(row.id(), List.of())))
          .toList();
      return Pages.of(items, size, product -> Keyset.cursor(product.createdAt(), product.id()));
    });
  }

  public Product update(String actor, UUID id, ProductPatch patch) {
    String name = Texts.name("name", patch.name());
    return Unique.orConflict("name", "a product with this name exists", () -> jdbi.inTransaction(handle -> {
      ProductDao products = handle.attach(ProductDao.class);
      Product old = load(handle, id);
      Map<String, Object> changes = new LinkedHashMap<>();
      if (name != null && !name.equals(old.name())) {
        if (products.nameTaken(name, id)) {
          throw ProblemException.conflict("name", "a product with this name exists");
        }
        changes.put("name", name);
      }
      if (patch.markupPercent() != null && patch.markupPercent().compareTo(old.markupPercent()) != 0) {
        changes.put("markup_percent", patch.markupPercent());
      }
      if (patch.sourceIds() != null) {
        List<UUID> sourceIds = knownSources(handle, patch.sourceIds());
        if (!new HashSet<>(sourceIds).equals(new HashSet<>(old.sourceIds()))) {
          products.removeSources(id);
          products.addSources(id, sourceIds);
          changes.put("source_ids", sourceIds);
        }
      }
      if (changes.isEmpty()) {
        return old;
      }
      products.update(id, name == null ? old.name() : name,
          patch.markupPercent() == null ? old.markupPercent() : patch.markupPercent(), clock.instant());
      audit.record(handle, actor, "product.updated", "product", id, changes);
      return load(handle, id);
    }));
  }

  /** The ids, without duplicates; an unknown one is a 422 naming its position. */
  private static List<UUID> knownSources(Handle handle, List<UUID> requested) {
    Set<UUID> unique = new LinkedHashSet<>(requested);
    Set<UUID> known = new HashSet<>(handle.attach(SourceDao.class).existing(List.copyOf(unique)));
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      if (!known.contains(requested.get(i))) {
        errors.add(new FieldError("source_ids[" + i + "]", "is not a known source"));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    return List.copyOf(unique);
  }

  private static Product load(Handle handle, UUID id) {
    ProductDao products = handle.attach(ProductDao.class);
    ProductRow row = products.find(id).orElseThrow(() -> ProblemException.notFound("product"));
    return product(row, sourcesOf(products, List.of(id)).getOrDefault(id, List.of()));
  }

  private static Map<UUID, List<UUID>> sourcesOf(ProductDao products, List<UUID> productIds) {
    if (productIds.isEmpty()) {
      return Map.of();
    }
    return products.sourcesOf(productIds).stream().collect(Collectors.groupingBy(ProductDao.ProductSource::productId,
        LinkedHashMap::new, Collectors.mapping(ProductDao.ProductSource::sourceId, Collectors.toList())));
  }

  private static Product product(ProductRow row, List<UUID> sourceIds) {
    return new Product(row.id(), row.name(), sourceIds, row.markupPercent(), row.createdAt(), row.updatedAt());
  }
}
