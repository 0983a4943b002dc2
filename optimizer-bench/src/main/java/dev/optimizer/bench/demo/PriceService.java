package dev.optimizer.bench.demo;

import dev.optimizer.batch.BatchProcess;
import java.util.Collection;
import java.util.Map;

/**
 * Prices from a remote API that charges per call: one call per item is the N+1 problem. Through the
 * optimizer, concurrent {@link #price} calls are coalesced into {@link #prices} calls.
 */
public interface PriceService {
  /** The price of one sku, in cents. */
  @BatchProcess(bulk = "prices", batchSize = 100, maxDelayMillis = 1)
  Long price(String sku);

  /** Prices of many skus in one remote call. */
  Map<String, Long> prices(Collection<String> skus);
}
