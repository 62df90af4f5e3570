package dev.tollgate.sdk.internal.upstream;

import okhttp3.Call;

/**
 * Cancels one governed exchange from any thread: the upstream call in progress is cancelled
 * (OkHttp closes its socket at once, so the provider stops sending), no further attempt is
 * made, and a stream being read is metered then with its estimated usage.
 */
public final class Cancellation {

  private volatile boolean cancelled;
  private volatile Call call;
  private volatile Runnable onCancel;

  /** Cancels the exchange; idempotent. */
  public void cancel() {
    cancelled = true;
    Call c = call;
    if (c != null) {
      c.cancel();
    }
    Runnable r = onCancel;
    if (r != null) {
      r.run();
    }
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled;
  }

  /** The upstream call now in progress; cancelled at once if the exchange already is. */
  void attach(Call c) {
    call = c;
    if (cancelled) {
      c.cancel();
    }
  }

  /** What else a cancel must do (finish a stream); run at once if the exchange already is cancelled. */
  public void onCancel(Runnable r) {
    onCancel = r;
    if (cancelled) {
      r.run();
    }
  }
}
