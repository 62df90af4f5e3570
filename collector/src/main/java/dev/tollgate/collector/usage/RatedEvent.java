package dev.tollgate.collector.usage;

import dev.tollgate.collector.pricing.Rating;
import java.util.UUID;

/**
 * An event ready to store: classified into a {@code source}, matched to the product of the
 * subscription that includes it ({@code productId}, null when none), and rated.
 */
public record RatedEvent(IngestEvent event, String source, UUID productId, Rating rating) {}
