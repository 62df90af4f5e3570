package dev.tollgate.collector.minting;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Work on a handle of its own, committed on its own. Jdbi lends a thread the handle it already
 * has open ({@code jdbi.withHandle} inside {@code jdbi.inTransaction} joins that transaction);
 * minting must not join its caller's transaction (the token endpoint's): the intent has to be
 * committed before the provider is called, and a new key's row must not be rolled back after
 * the provider made it.
 */
final class OwnHandles {

  private OwnHandles() {}

  static <R> R transaction(Jdbi jdbi, HandleCallback<R, RuntimeException> work) {
    try (Handle h = jdbi.open()) {
      return h.inTransaction(work);
    }
  }

  static void run(Jdbi jdbi, HandleConsumer<RuntimeException> work) {
    try (Handle h = jdbi.open()) {
      work.useHandle(h);
    }
  }
}
