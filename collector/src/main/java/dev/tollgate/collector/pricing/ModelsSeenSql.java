package dev.tollgate.collector.pricing;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The catalogue of models seen in traffic. Writes only when a model is new, or its first
 * or last sighting moves by more than {@link #RESOLUTION}: every batch would otherwise
 * update (and lock until commit) the same few rows, serialising concurrent ingest.
 */
public final class ModelsSeenSql {

  static final Duration RESOLUTION = Duration.ofMinutes(1);

  /** A model rated at a time. */
  public record Sighting(String model, Instant at) {}

  private ModelsSeenSql() {}

  /** Records the sightings of one batch (in the batch's transaction). */
  public static void record(Handle h, List<Sighting> sightings) {
    Map<String, Instant[]> seen = new TreeMap<>();
    for (Sighting sighting : sightings) {
      String model = sighting.model();
      Instant ts = sighting.at();
      Instant[] range = seen.computeIfAbsent(model, m -> new Instant[] {ts, ts});
      range[0] = ts.isBefore(range[0]) ? ts : range[0];
      range[1] = ts.isAfter(range[1]) ? ts : range[1];
    }
    if (seen.isEmpty()) {
      return;
    }
    Map<String, Instant[]> known = new HashMap<>();
    h.createQuery("SELECT model, first_seen_at, last_seen_at FROM models_seen WHERE model = ANY(:models)")
        .bind("models", seen.keySet().toArray(String[]::new))
        .map((rs, ctx) -> Map.entry(rs.getString(1), new Instant[] {
            rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getObject(3, OffsetDateTime.class).toInstant()}))
        .forEach(e -> known.put(e.getKey(), e.getValue()));
    List<String> models = new ArrayList<>();
    List<String> firsts = new ArrayList<>();
    List<String> lasts = new ArrayList<>();
    seen.forEach((model, range) -> {
      Instant[] k = known.get(model);
      boolean stale = k == null || range[0].isBefore(k[0].minus(RESOLUTION)) || range[1].isAfter(k[1].plus(RESOLUTION));
      if (stale) {
        models.add(model);
        firsts.add(range[0].toString());
        lasts.add(range[1].toString());
      }
    });
    if (models.isEmpty()) {
      return;
    }
    h.createUpdate("""
            INSERT INTO models_seen AS m (model, first_seen_at, last_seen_at)
            SELECT * FROM unnest(CAST(:models AS text[]), CAST(:firsts AS timestamptz[]), CAST(:lasts AS timestamptz[]))
            ORDER BY 1
            ON CONFLICT (model) DO UPDATE SET
              first_seen_at = LEAST(m.first_seen_at, EXCLUDED.first_seen_at),
              last_seen_at = GREATEST(m.last_seen_at, EXCLUDED.last_seen_at)""")
        .bind("models", models.toArray(String[]::new)).bind("firsts", firsts.toArray(String[]::new))
        .bind("lasts", lasts.toArray(String[]::new)).execute();
  }
}
