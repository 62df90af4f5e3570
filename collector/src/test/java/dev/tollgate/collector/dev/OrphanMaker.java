package dev.tollgate.collector.dev;

import java.nio.file.Path;

/** A JVM that starts the durable embedded store on a data directory and waits to be killed. */
public final class OrphanMaker {

  private OrphanMaker() {}

  public static void main(String[] args) throws Exception {
    EmbeddedStore store = EmbeddedStore.start(Path.of(args[0]));
    System.out.println("ready " + store.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
