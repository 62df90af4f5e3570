package dev.tollgate.collector.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.collector.common.Keyset;
import dev.tollgate.collector.common.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /v1/admin/alerts}: the alerts raised, newest first, each as its payload plus
 * {@code deliveries: [{channel_id, status, attempts, last_error, delivered_at}]}.
 */
public final class AlertHistory {

  private final Jdbi jdbi;
  private final ObjectMapper json;

  public AlertHistory(Jdbi jdbi, ObjectMapper json) {
    this.jdbi = jdbi;
    this.json = json;
  }

  public Page<JsonNode> list(Instant from, Instant to, AlertType type, int limit, String cursor) {
    Keyset before = Keyset.after(cursor);
    return jdbi.inTransaction(h -> {
      AlertDao alerts = h.attach(AlertDao.class);
      List<AlertDao.Stored> rows = alerts.list(from, to, type == null ? null : type.wireName(), before.at(),
          before.id(), limit + 1);
      List<AlertDao.Stored> page = rows.size() > limit ? rows.subList(0, limit) : rows;
      Map<UUID, List<AlertDao.Delivery>> deliveries = page.isEmpty() ? Map.of()
          : alerts.deliveries(page.stream().map(AlertDao.Stored::id).toList()).stream()
              .collect(Collectors.groupingBy(AlertDao.Delivery::alertId));
      List<JsonNode> items = new ArrayList<>();
      for (AlertDao.Stored row : page) {
        items.add(item(row, deliveries.getOrDefault(row.id(), List.of())));
      }
      AlertDao.Stored last = page.isEmpty() ? null : page.get(page.size() - 1);
      return new Page<>(items, rows.size() > limit ? Keyset.cursor(last.occurredAt(), last.id()) : null);
    });
  }

  private JsonNode item(AlertDao.Stored row, List<AlertDao.Delivery> deliveries) {
    ObjectNode item;
    try {
      item = (ObjectNode) json.readTree(row.payload());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("alerts.payload is JSON", e);
    }
    ArrayNode out = item.putArray("deliveries");
    for (AlertDao.Delivery d : deliveries) {
      ObjectNode delivery = out.addObject();
      delivery.put("channel_id", d.channelId().toString());
      delivery.put("status", d.status());
      delivery.put("attempts", d.attempts());
      delivery.put("last_error", d.lastError());
      delivery.put("delivered_at", d.deliveredAt() == null ? null : d.deliveredAt().toString());
    }
    return item;
  }
}
