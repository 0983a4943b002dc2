package dev.optimizer.spring.internal;

import dev.optimizer.cache.spi.CacheWriteTiming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies {@code @CachePut}/{@code @CacheInvalidate} writes after the commit of the transaction the call ran
 * in, and never when it rolls back; outside a transaction, at once. The write includes the invalidation
 * published to other nodes, so a rolled-back update reaches no node.
 */
public final class TransactionAwareCacheWrites implements CacheWriteTiming {
  private static final Logger log = LoggerFactory.getLogger(TransactionAwareCacheWrites.class);

  @Override
  public void apply(Runnable write) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      write.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        try {
          write.run();
        } catch (RuntimeException e) {
          // The caller's transaction has committed and its call returned: nobody else can see this.
          log.warn("cache write after commit failed; the entry may be stale until its TTL", e);
        }
      }
    });
  }
}
