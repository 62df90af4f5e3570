package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Live quota state: used and reserved from the counters, less what expired leases still
 * hold (so an expired lease stops counting at once, even before a lease releases it in the
 * counter). The one reading of quota state: GET /v1/quota, the admin API, the console and
 * the metrics.
 */
public final class QuotaStates {

  private QuotaStates() {}

  public static List<QuotaState> read(Handle h, List<Quota> quotas, Instant now) {
    if (quotas.isEmpty()) {
      return List.of();
    }
    String[] ids = new String[quotas.size()];
    String[] starts = new String[quotas.size()];
    for (int i = 0; i < quotas.size(); i++) {
      ids[i] = quotas.get(i).id().toString();
      starts[i] = quotas.get(i).period().start(now).toString();
    }
    Map<UUID, BigDecimal[]> values = LeaseSql.usedAndReserved(h, ids, starts, now);
    return quotas.stream().map(q -> {
      Instant start = q.period().start(now);
      BigDecimal[] v = values.getOrDefault(q.id(), new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      return new QuotaState(q, start, q.period().end(start), v[0], v[1]);
    }).toList();
  }
}
