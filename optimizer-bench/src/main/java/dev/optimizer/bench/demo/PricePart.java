package dev.optimizer.bench.demo;

import dev.optimizer.core.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The per-item remote call: many threads each asking for one price at a time. */
final class PricePart implements DemoPart {
  /** The plain implementation: one remote call per price. */
  static class RemotePrices implements PriceService {
    private final Backend backend;

    RemotePrices(Backend backend) {
      this.backend = backend;
    }

    @Override
    public Long price(String sku) {
      return backend.prices(List.of(sku)).get(0);
    }

    @Override
    public Map<String, Long> prices(Collection<String> skus) {
      List<String> ordered = List.copyOf(skus);
      List<Long> prices = backend.prices(ordered);
      Map<String, Long> out = new HashMap<>();
      for (int i = 0; i < ordered.size(); i++) {
        out.put(ordered.get(i), prices.get(i));
      }
      return out;
    }
  }

  @Override
  public String name() {
    return "per-item remote call: " + Workloads.PRICE_THREADS * Workloads.PRICES_PER_THREAD + " prices from "
        + Workloads.PRICE_THREADS + " threads";
  }

  @Override
  public PartResult plain(Backend backend) throws Exception {
    return run(new RemotePrices(backend), backend);
  }

  @Override
  public Optional<PartResult> optimized(Backend backend, Optimizer optimizer, Path dir) throws Exception {
    return Optional.of(run(optimizer.proxy(PriceService.class, new RemotePrices(backend)), backend));
  }

  static PartResult run(PriceService prices, Backend backend) throws Exception {
    List<Callable<Integer>> clients = new ArrayList<>();
    for (int t = 0; t < Workloads.PRICE_THREADS; t++) {
      int client = t;
      clients.add(() -> {
        for (int i = 0; i < Workloads.PRICES_PER_THREAD; i++) {
          String sku = "sku-" + client + "-" + i;
          Long price = prices.price(sku);
          if (price == null || price != Backend.priceOf(sku)) {
            throw new IllegalStateException("wrong price for " + sku + ": " + price);
          }
        }
        return Workloads.PRICES_PER_THREAD;
      });
    }
    long start = System.nanoTime();
    Workloads.parallel(Workloads.PRICE_THREADS, clients);
    return new PartResult(backend.calls(), (System.nanoTime() - start) / 1e6, -1);
  }
}
