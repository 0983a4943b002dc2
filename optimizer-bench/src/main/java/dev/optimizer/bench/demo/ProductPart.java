package dev.optimizer.bench.demo;

import dev.optimizer.cache.CacheModule;
import dev.optimizer.core.Optimizer;
import java.nio.file.Path;
import java.util.Optional;

/** The slow loader: hot products read again and again from the database. */
final class ProductPart implements DemoPart {
  /** The plain implementation: straight to the database. */
  static class DatabaseCatalog implements ProductCatalog {
    private final Backend backend;

    DatabaseCatalog(Backend backend) {
      this.backend = backend;
    }

    @Override
    public String product(String id) {
      return backend.product(id);
    }
  }

  @Override
  public String name() {
    return "slow loader: " + Workloads.PRODUCT_READS.size() + " product reads";
  }

  @Override
  public PartResult plain(Backend backend) {
    return run(new DatabaseCatalog(backend), backend);
  }

  @Override
  public Optional<PartResult> optimized(Backend backend, Optimizer optimizer, Path dir) {
    ProductCatalog catalog = optimizer.proxy(ProductCatalog.class, new DatabaseCatalog(backend));
    PartResult r = run(catalog, backend);
    String note = optimizer.module(CacheModule.class).find("products")
        .map(c -> "products cache: " + TierSummary.of(c.stats())).orElse("");
    return Optional.of(new PartResult(r.backendCalls(), r.millis(), r.bytesStored(), note, r.heapRetained()));
  }

  private static PartResult run(ProductCatalog catalog, Backend backend) {
    long start = System.nanoTime();
    for (String id : Workloads.PRODUCT_READS) {
      String p = catalog.product(id);
      if (!p.startsWith("product " + id)) {
        throw new IllegalStateException("wrong product for " + id + ": " + p);
      }
    }
    return new PartResult(backend.calls(), (System.nanoTime() - start) / 1e6, -1);
  }
}
