/**
 * One shared Redis connection per server ({@link dev.optimizer.redis.RedisConnection}), used by the
 * cache's L2 tier, the distributed job store and the rate limiter: one pool, one circuit breaker, one
 * subscriber thread for every channel, one heartbeat, scripts by SHA, metrics tagged by server.
 * Implementation lives in {@code dev.optimizer.redis.internal}.
 */
@NullMarked
package dev.optimizer.redis;

import org.jspecify.annotations.NullMarked;
