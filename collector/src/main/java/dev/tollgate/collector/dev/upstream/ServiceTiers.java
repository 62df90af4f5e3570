package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The {@code service_tier} an answer reports, as OpenAI does: the tier the request asked for when
 * it is one that is served as asked ({@code flex}, {@code priority}, {@code scale}), else
 * {@code default} (for {@code auto}, {@code default} or none). Lets a dev collector show
 * tier-priced rating end to end (docs/exports.md, service tiers).
 */
final class ServiceTiers {

  private static final Set<String> SERVED_AS_ASKED = Set.of("flex", "priority", "scale");

  private ServiceTiers() {}

  static String answered(JsonNode request) {
    String asked = request.path("service_tier").asText("");
    return SERVED_AS_ASKED.contains(asked) ? asked : "default";
  }
}
