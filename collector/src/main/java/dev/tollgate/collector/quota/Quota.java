package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.util.UUID;

/** A limit over a calendar period; {@code hard} refuses leases beyond it, {@code soft} only warns. */
public record Quota(UUID id, UUID subscriptionId, Unit unit, Period period, BigDecimal limit, boolean hard) {}
