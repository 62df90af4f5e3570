package dev.tollgate.collector.common;

import java.util.List;

/** Every list and report answers {@code {"items": [...], "next_cursor": ...}}; the cursor is null at the end. */
public record Page<T>(List<T> items, String nextCursor) {

  public Page {
    items = List.copyOf(items);
  }
}
