/**
 * The Redis Streams job store behind {@link dev.optimizer.batch.RedisJobStore}: its Lua scripts, workers,
 * lease timer and job watch. Implementation; may change without notice.
 */
@NullMarked
package dev.optimizer.batch.internal.redis;

import org.jspecify.annotations.NullMarked;
