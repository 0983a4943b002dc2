package dev.optimizer.bench.demo;

import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.InvalidationBus;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A byte tier that passes everything to another and keeps the size of what each key holds there, so the
 * demo can show the bytes the L3 store keeps after compression. Thread-safe.
 */
final class CountingTier implements ByteTier {
  private final ByteTier delegate;
  private final Map<String, Integer> sizes = new ConcurrentHashMap<>();

  CountingTier(ByteTier delegate) {
    this.delegate = delegate;
  }

  /** Bytes currently stored through this tier. */
  long bytesStored() {
    return sizes.values().stream().mapToLong(Integer::longValue).sum();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public byte @Nullable [] get(String key) {
    return delegate.get(key);
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    return delegate.getAll(keys);
  }

  @Override
  public void put(String key, byte[] value, Duration ttl) {
    delegate.put(key, value, ttl);
    sizes.put(key, value.length);
  }

  @Override
  public void putAll(Map<String, byte[]> entries, Duration ttl) {
    delegate.putAll(entries, ttl);
    entries.forEach((k, v) -> sizes.put(k, v.length));
  }

  @Override
  public void invalidate(String key) {
    delegate.invalidate(key);
    sizes.remove(key);
  }

  @Override
  public long invalidateMatching(String glob) {
    long n = delegate.invalidateMatching(glob);
    // Which keys matched is the delegate's business; a demo never invalidates by pattern.
    return n;
  }

  @Override
  public void invalidateAll() {
    delegate.invalidateAll();
    sizes.clear();
  }

  @Override
  public long estimatedSize() {
    return delegate.estimatedSize();
  }

  @Override
  public @Nullable InvalidationBus invalidationBus() {
    return delegate.invalidationBus();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
