package dev.optimizer.batch;

/**
 * A snapshot of a {@link Coalescer}'s counters. Immutable.
 *
 * @param requests {@code load} calls
 * @param duplicates calls that joined a key already waiting
 * @param bulkCalls bulk calls made
 * @param failedBulkCalls bulk calls that threw
 * @param keysLoaded distinct keys sent in bulk calls
 * @param missingKeys keys a bulk result did not contain
 * @param meanBatchSize keys per bulk call on average; 0 before any
 * @param pending keys waiting for the next bulk call now
 * @param inFlight bulk calls running now
 */
public record CoalescerStats(long requests, long duplicates, long bulkCalls, long failedBulkCalls, long keysLoaded,
    long missingKeys, double meanBatchSize, int pending, int inFlight) {}
