package dev.tollgate.collector.admin.subscriptions;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code POST /v1/admin/subscriptions}; {@code starts_at} defaults to now, {@code expires_at} to never. */
public record CreateSubscription(
    @NotNull UUID teamId,
    @NotNull UUID productId,
    Instant startsAt,
    Instant expiresAt,
    @Size(max = 20) List<@NotNull @Valid QuotaSpec> quotas) {}
