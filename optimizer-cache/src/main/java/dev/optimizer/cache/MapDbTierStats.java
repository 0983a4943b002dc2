package dev.optimizer.cache;

/**
 * A point-in-time snapshot of one {@link MapDbTier}'s counters since it was opened. Immutable.
 *
 * @param recreations times the store was found corrupt or torn and recreated
 * @param corruptValues values whose checksum failed (torn or corrupt) and were dropped
 * @param evictions entries evicted to keep the store within {@code maxEntries}
 * @param replayedWrites journaled writes replayed after a crash or recovery
 * @param checkpoints MapDB commits that emptied the journal
 * @param syncFailures background journal fsyncs or checkpoints that failed
 * @param journalBytes bytes in the redo journal now, awaiting a checkpoint
 */
public record MapDbTierStats(long recreations, long corruptValues, long evictions, long replayedWrites,
    long checkpoints, long syncFailures, long journalBytes) {}
