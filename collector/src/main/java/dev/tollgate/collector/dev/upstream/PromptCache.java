package dev.tollgate.collector.dev.upstream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recently seen prompt prefixes, as OpenAI's prompt caching does: a prompt of at least
 * 1024 tokens is cached in blocks of 128 tokens, and a later prompt that starts with a remembered
 * prefix reports that prefix's length as {@code cached_tokens}. Bounded, least recently used first out.
 */
final class PromptCache {

  static final int MINIMUM_TOKENS = 1024;
  static final int BLOCK_TOKENS = 128;

  private final Map<Long, Boolean> prefixes;

  PromptCache(int capacity) {
    this.prefixes = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * Returns how many leading tokens of {@code tokens} were cached, and remembers this prompt's prefixes.
   *
   * @param scope what the cache is partitioned by (the model and the API key, as OpenAI's is per organisation)
   */
  synchronized int lookupAndRemember(String scope, int[] tokens) {
    if (tokens.length < MINIMUM_TOKENS) {
      return 0;
    }
    int blocks = (tokens.length - MINIMUM_TOKENS) / BLOCK_TOKENS + 1;
    long[] hashes = new long[blocks];
    long hash = 1125899906842597L ^ scope.hashCode();
    int position = 0;
    for (int block = 0; block < blocks; block++) {
      int end = MINIMUM_TOKENS + block * BLOCK_TOKENS;
      for (; position < end; position++) {
        hash = 31 * hash + tokens[position];
        hash ^= hash >>> 29;
      }
      hashes[block] = hash;
    }
    int cached = 0;
    for (int block = blocks - 1; block >= 0; block--) {
      if (prefixes.containsKey(hashes[block])) {
        cached = MINIMUM_TOKENS + block * BLOCK_TOKENS;
        break;
      }
    }
    for (long prefix : hashes) {
      prefixes.put(prefix, Boolean.TRUE);
    }
    return cached;
  }
}
