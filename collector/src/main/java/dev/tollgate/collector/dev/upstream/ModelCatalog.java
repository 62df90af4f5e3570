package dev.tollgate.collector.dev.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models the simulated upstream knows: the dated snapshot each alias answers as, which
 * tokenizer it uses, whether it reasons, and what {@code GET /models} lists.
 */
final class ModelCatalog {

  /** A listed model: id and the Unix time OpenAI reports as its creation. */
  record Listed(String id, long created) {}

  private static final Map<String, String> SNAPSHOTS = new LinkedHashMap<>();
  private static final Map<String, Long> CREATED = new LinkedHashMap<>();

  static {
    snapshot("gpt-4o-mini", "gpt-4o-mini-2024-07-18", 1721172741L);
    snapshot("gpt-4o", "gpt-4o-2024-08-06", 1715367049L);
    snapshot("gpt-4.1", "gpt-4.1-2025-04-14", 1744316542L);
    snapshot("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14", 1744318173L);
    snapshot("gpt-4.1-nano", "gpt-4.1-nano-2025-04-14", 1744321025L);
    snapshot("gpt-5", "gpt-5-2025-08-07", 1754425777L);
    snapshot("gpt-5-mini", "gpt-5-mini-2025-08-07", 1754425867L);
    snapshot("gpt-5-nano", "gpt-5-nano-2025-08-07", 1754426303L);
    snapshot("o1", "o1-2024-12-17", 1734326976L);
    snapshot("o3", "o3-2025-04-16", 1744225308L);
    snapshot("o3-mini", "o3-mini-2025-01-31", 1737146383L);
    snapshot("o4-mini", "o4-mini-2025-04-16", 1744225351L);
    snapshot("gpt-4-turbo", "gpt-4-turbo-2024-04-09", 1712601677L);
    snapshot("gpt-3.5-turbo", "gpt-3.5-turbo-0125", 1677610602L);
    snapshot("omni-moderation-latest", "omni-moderation-2024-09-26", 1731689265L);
    snapshot("text-moderation-latest", "text-moderation-007", 1719852470L);
    CREATED.put("text-embedding-3-small", 1705948997L);
    CREATED.put("text-embedding-3-large", 1705953180L);
    CREATED.put("text-embedding-ada-002", 1671217299L);
  }

  private ModelCatalog() {}

  private static void snapshot(String alias, String snapshot, long created) {
    SNAPSHOTS.put(alias, snapshot);
    CREATED.put(alias, created);
    CREATED.put(snapshot, created - 24);
  }

  /** The dated snapshot a known alias answers as; anything else is echoed. */
  static String answeredAs(String requested) {
    return SNAPSHOTS.getOrDefault(requested, requested);
  }

  /** True for the o-series and gpt-5 family, which spend hidden reasoning tokens. */
  static boolean reasons(String model) {
    return model.matches("^(o\\d|gpt-5).*");
  }

  /** The tokenizer: o200k_base for gpt-4o, gpt-4.1, gpt-5 and the o-series, cl100k_base otherwise. */
  static boolean usesO200k(String model) {
    return model.matches("^(gpt-4o|chatgpt-4o|gpt-4\\.1|gpt-4\\.5|gpt-5|o\\d|omni-).*");
  }

  /** Default embedding width: 3072 for {@code -large}, 1536 otherwise (as -small and ada-002). */
  static int defaultDimensions(String model) {
    return model.endsWith("-large") ? 3072 : 1536;
  }

  static List<Listed> listed() {
    return CREATED.entrySet().stream().map(e -> new Listed(e.getKey(), e.getValue())).toList();
  }

  static boolean isListed(String id) {
    return CREATED.containsKey(id);
  }

  static long created(String id) {
    return CREATED.getOrDefault(id, 1700000000L);
  }
}
