package dev.tollgate.collector.pricing;

import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;

/**
 * The price book snapshot ingest rates with. Each use checks the book's version (entry
 * count and latest insert, one index-only query) and reloads when another instance, or
 * this one, added entries; so every collector instance rates with the current book
 * without any message between them.
 */
public final class PriceBookCache {

  private record Snapshot(PricingDao.Version version, PriceBook book) {}

  private final AtomicReference<Snapshot> current = new AtomicReference<>();

  /** The current book, reloaded on {@code handle} if it changed. */
  public PriceBook current(Handle handle) {
    return current(handle, PricingDao.version(handle));
  }

  /** The book at {@code version}, read on {@code handle} just now; reloaded if this instance holds another. */
  public PriceBook current(Handle handle, PricingDao.Version version) {
    Snapshot snapshot = current.get();
    if (snapshot != null && snapshot.version().equals(version)) {
      return snapshot.book();
    }
    // Attached only when the book changed: attaching costs more than the version query.
    PriceBook book = PriceBook.of(handle.attach(PricingDao.class).all());
    current.set(new Snapshot(version, book));
    return book;
  }
}
