package dev.optimizer.limit;

import java.time.Duration;

/**
 * A snapshot of a {@link ConcurrencyLimiter}. Immutable.
 *
 * @param name the limiter's name
 * @param limit the limit in force now (the estimate, capped by tuning, or the probe limit while probing)
 * @param estimate the limit the latency estimate asks for, before any tuning cap
 * @param cap the tuning loop's cap under CPU pressure, {@code -1} for none
 * @param inFlight calls holding a permit now
 * @param accepted calls admitted
 * @param rejected calls refused (never counted in monitor-only mode)
 * @param wouldReject calls a monitor-only limiter admitted beyond its limit
 * @param queued calls that waited in the queue (admitted or not)
 * @param probes no-load probes started
 * @param noLoadLatency the no-load latency estimate, {@link Duration#ZERO} before the first window
 * @param windowLatency the last window's percentile latency, {@link Duration#ZERO} before the first window
 */
public record ConcurrencyLimiterStats(String name, int limit, int estimate, int cap, int inFlight, long accepted,
    long rejected, long wouldReject, long queued, long probes, Duration noLoadLatency, Duration windowLatency) {}
