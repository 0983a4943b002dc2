package dev.optimizer.cache;

import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.InvalidationBus;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ByteTier} that forwards every call, the defaults included, to another one; a test double
 * overrides only what it changes (a name, a bus, a failure, a count). The one copy for the cache's tests.
 */
class ForwardingByteTier implements ByteTier {
  private final ByteTier delegate;

  ForwardingByteTier(ByteTier delegate) {
    this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
  }

  /** The tier calls go to. */
  protected ByteTier delegate() {
    return delegate;
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
  }

  @Override
  public void putAll(Map<String, byte[]> entries, Duration ttl) {
    delegate.putAll(entries, ttl);
  }

  @Override
  public void invalidate(String key) {
    delegate.invalidate(key);
  }

  @Override
  public long invalidateMatching(String glob) {
    return delegate.invalidateMatching(glob);
  }

  @Override
  public void invalidateAll() {
    delegate.invalidateAll();
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
  public boolean guardsOutages() {
    return delegate.guardsOutages();
  }

  @Override
  public boolean prefixesCacheName() {
    return delegate.prefixesCacheName();
  }

  @Override
  public Scope openScope() {
    return delegate.openScope();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
