package dev.optimizer.batch.internal.redis;

import java.util.concurrent.atomic.LongAdder;

/** This node's counters of the store. */
final class StoreCounters {
  final LongAdder submitted = new LongAdder();
  final LongAdder taken = new LongAdder();
  final LongAdder completed = new LongAdder();
  final LongAdder renewed = new LongAdder();
  final LongAdder expired = new LongAdder();
  final LongAdder reclaims = new LongAdder();
  final LongAdder stale = new LongAdder();
  final LongAdder deadLetters = new LongAdder();
  final LongAdder redisErrors = new LongAdder();
}
