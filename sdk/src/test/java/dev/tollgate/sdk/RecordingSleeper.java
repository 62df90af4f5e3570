package dev.tollgate.sdk;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records the waits instead of waiting; can run an action on each (e.g. advance a clock). */
final class RecordingSleeper implements Sleeper {

  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  volatile Consumer<Duration> onSleep = d -> {};

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    onSleep.accept(duration);
  }
}
