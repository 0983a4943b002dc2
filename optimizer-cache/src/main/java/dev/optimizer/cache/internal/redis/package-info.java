/**
 * The Redis L2 tier's machinery: URL parsing, client construction per deployment mode, the circuit
 * breaker, the pub/sub invalidation bus and its wire format. Not for users; import {@code
 * dev.optimizer.cache.RedisTier} instead.
 */
@NullMarked
package dev.optimizer.cache.internal.redis;

import org.jspecify.annotations.NullMarked;
