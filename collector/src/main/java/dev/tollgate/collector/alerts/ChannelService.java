package dev.tollgate.collector.alerts;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.common.Keyset;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.common.ProblemException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Alert channels: create (the URL and a webhook's secret encrypted with the provider-key
 * cipher, the secret shown once), list, read, change, delete, and test sends. Every change
 * writes an audit entry naming the URL by its hint only.
 */
public final class ChannelService {

  private final Jdbi jdbi;
  private final Clock clock;
  private final ProviderKeyCipher cipher;
  private final AuditLog audit;
  private final AlertRaiser raiser;

  public ChannelService(Jdbi jdbi, Clock clock, ProviderKeyCipher cipher, AuditLog audit, AlertRaiser raiser) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.cipher = cipher;
    this.audit = audit;
    this.raiser = raiser;
  }

  public IssuedChannel create(String actor, CreateChannel request) {
    URI url = ChannelUrls.check(request.url(), "url");
    List<String> types = wireNames(request.types());
    String secret = request.type() == ChannelType.WEBHOOK ? WebhookSignature.newSecret() : null;
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    jdbi.useTransaction(h -> {
      ChannelDao channels = h.attach(ChannelDao.class);
      requireTeam(channels, request.teamId());
      channels.insert(id, request.type().wireName(), cipher.encrypt(url.toString()), ChannelUrls.hint(url),
          secret == null ? null : cipher.encrypt(secret), request.teamId(), types.toArray(String[]::new), now);
      audit.record(h, actor, "alert_channel.created", "alert_channel", id,
          describe(request.type().wireName(), ChannelUrls.hint(url), request.teamId(), types, true));
    });
    return new IssuedChannel(id, request.type().wireName(), url.toString(), request.teamId(), types, now, secret);
  }

  public Page<Channel> list(int limit, String cursor) {
    Keyset after = Keyset.after(cursor);
    List<Channel> rows = jdbi.withExtension(ChannelDao.class,
        channels -> channels.list(after.at(), after.id(), limit + 1));
    return Pages.of(rows, limit, last -> Keyset.cursor(last.createdAt(), last.id()));
  }

  public Channel get(UUID id) {
    return jdbi.withExtension(ChannelDao.class, channels -> find(channels, id));
  }

  public Channel update(String actor, UUID id, ChannelPatch patch) {
    URI url = patch.url() == null ? null : ChannelUrls.check(patch.url(), "url");
    return jdbi.inTransaction(h -> {
      ChannelDao channels = h.attach(ChannelDao.class);
      Channel old = find(channels, id);
      UUID teamId = patch.teamIdPresent() ? patch.teamId() : old.teamId();
      if (patch.teamIdPresent()) {
        requireTeam(channels, teamId);
      }
      List<String> types = patch.typesPresent() ? wireNames(patch.types()) : old.types();
      boolean enabled = patch.enabled() == null ? old.enabled() : patch.enabled();
      String hint = url == null ? old.url() : ChannelUrls.hint(url);
      channels.update(id, url == null ? null : cipher.encrypt(url.toString()), hint, teamId,
          types.toArray(String[]::new), enabled, clock.instant());
      audit.record(h, actor, "alert_channel.updated", "alert_channel", id,
          describe(old.type(), hint, teamId, types, enabled));
      return find(channels, id);
    });
  }

  public void delete(String actor, UUID id) {
    jdbi.useTransaction(h -> {
      ChannelDao channels = h.attach(ChannelDao.class);
      Channel old = find(channels, id);
      channels.delete(id, clock.instant());
      channels.failPending(id, "channel deleted");
      audit.record(h, actor, "alert_channel.deleted", "alert_channel", id, Map.of("url", old.url()));
    });
  }

  /** Queues a sample of each alert type the channel takes; the sender delivers it like an alert. */
  public UUID test(String actor, UUID id) {
    UUID deliveryId = UUID.randomUUID();
    jdbi.useTransaction(h -> {
      ChannelDao channels = h.attach(ChannelDao.class);
      Channel channel = find(channels, id);
      List<AlertType> types = channel.types().isEmpty() ? List.of(AlertType.values())
          : channel.types().stream().map(t -> AlertType.fromWire(t).orElseThrow()).toList();
      String samples = "[" + String.join(",", Samples.of(raiser, types, clock.instant())) + "]";
      channels.insertTest(deliveryId, id, samples, clock.instant());
      audit.record(h, actor, "alert_channel.tested", "alert_channel", id, Map.of("delivery_id", deliveryId));
    });
    raiser.wakeSender();
    return deliveryId;
  }

  private static Channel find(ChannelDao channels, UUID id) {
    return channels.find(id).orElseThrow(() -> ProblemException.notFound("alert channel"));
  }

  private static void requireTeam(ChannelDao channels, UUID teamId) {
    if (teamId != null && !channels.teamExists(teamId)) {
      throw ProblemException.invalid("team_id", "is not a known team");
    }
  }

  private static List<String> wireNames(List<AlertType> types) {
    return types == null ? List.of() : types.stream().distinct().sorted().map(AlertType::wireName).toList();
  }

  private static Map<String, Object> describe(String type, String hint, UUID teamId, List<String> types,
      boolean enabled) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("type", type);
    details.put("url", hint);
    details.put("team_id", teamId);
    details.put("types", types);
    details.put("enabled", enabled);
    return details;
  }
}
