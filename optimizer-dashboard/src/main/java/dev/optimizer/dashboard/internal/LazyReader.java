package dev.optimizer.dashboard.internal;

import dev.optimizer.core.Optimizer;
import dev.optimizer.dashboard.LazyDocument;
import dev.optimizer.lazy.LazyModule;
import dev.optimizer.lazy.LazyStats;
import dev.optimizer.lazy.LoaderStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the lazy module. Loaded only when {@code optimizer-lazy} is on the classpath. */
final class LazyReader {
  private final Optimizer optimizer;

  LazyReader(Optimizer optimizer) {
    this.optimizer = optimizer;
  }

  boolean started() {
    return optimizer.findModule(LazyModule.class).isPresent();
  }

  LazyDocument document() {
    LazyModule module = optimizer.module(LazyModule.class);
    LazyStats s = module.registry().stats();
    List<LazyDocument.Loader> loaders = new ArrayList<>();
    for (LoaderStats l : s.loaders()) {
      loaders.add(loader(l));
    }
    loaders.sort((a, b) -> a.key().compareTo(b.key()));
    List<LazyDocument.Loader> methods = new ArrayList<>();
    for (Map.Entry<String, LoaderStats> e : new TreeMap<>(module.methodStats()).entrySet()) {
      methods.add(loader(e.getValue()));
    }
    return new LazyDocument(new LazyDocument.Registry(s.name(), s.loads(), s.failures(), s.staleServes(),
        Seconds.of(s.totalLoadTime()), s.preloadQueueDepth(), s.preloadsRunning(), s.preloadPaused(), loaders),
        methods);
  }

  private static LazyDocument.Loader loader(LoaderStats l) {
    return new LazyDocument.Loader(l.key(), l.strategy().name(), l.priority().name(),
        l.ttl().map(Seconds::of).orElse(null), l.loaded(), l.loads(), l.failures(), l.staleServes(),
        Seconds.of(l.totalLoadTime()));
  }
}
