package dev.optimizer.redis;

/**
 * A snapshot of one {@link RedisConnection}'s counters since it was created.
 *
 * @param server mode and address, e.g. {@code redis 127.0.0.1:6379}
 * @param calls calls that reached Redis and completed
 * @param busy calls that found every pooled connection in use for the whole borrow timeout (never an
 *     outage)
 * @param overBudget calls not sent because the caller's budget could not cover another round trip
 * @param errors calls that failed on the network or with an error reply
 * @param rejected calls refused without touching the network because the circuit was open
 * @param outages times the circuit opened
 * @param circuit the breaker's state now: {@code CLOSED}, {@code HALF_OPEN} or {@code OPEN}
 * @param subscribedChannels channels the shared subscriber carries (the heartbeat channel excluded)
 * @param subscribed whether the subscriber's connection is confirmed by Redis right now
 * @param subscriptionsLost times the subscriber's connection was lost or dropped as silent
 * @param resubscribes times the subscriber subscribed again after a loss
 */
public record RedisConnectionStats(
    String server,
    long calls,
    long busy,
    long overBudget,
    long errors,
    long rejected,
    long outages,
    String circuit,
    int subscribedChannels,
    boolean subscribed,
    long subscriptionsLost,
    long resubscribes) {}
