package dev.tollgate.sdk.internal.usage;

/**
 * A snapshot of a {@link UsageShipper}'s counters since it started.
 *
 * @param accepted events handed to {@link UsageShipper#accept(UsageEvent)} and taken
 * @param queued events in the in-memory queue now
 * @param sent events the collector acknowledged (accepted or duplicate) from live batches
 * @param spooled events written to the disk spool
 * @param replayed events the collector acknowledged from the spool
 * @param rejected events the collector refused as invalid; logged, never retried
 * @param refused events that could not be kept: spool full or unwritable, or offered after close;
 *     each case is logged at ERROR
 * @param spoolBytes bytes in spool segments now
 */
public record UsageShipperMetrics(
    long accepted,
    int queued,
    long sent,
    long spooled,
    long replayed,
    long rejected,
    long refused,
    long spoolBytes) {}
