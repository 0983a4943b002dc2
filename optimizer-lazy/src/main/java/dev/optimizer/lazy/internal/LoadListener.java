package dev.optimizer.lazy.internal;

/**
 * Told about the loads of one lazy value, for statistics and meters. Called on the loading thread; must
 * be cheap and must not throw.
 */
public interface LoadListener {
  /** Ignores everything; what a plain {@code Lazy} uses. */
  LoadListener NONE = new LoadListener() {
    @Override
    public void loaded(long nanos) {}

    @Override
    public void failed(long nanos, Throwable error) {}

    @Override
    public void staleServed() {}
  };

  /** A load succeeded after {@code nanos} (by the value's ticker). */
  void loaded(long nanos);

  /** A load failed after {@code nanos}; the failure was not kept. */
  void failed(long nanos, Throwable error);

  /** A caller got the stale value while a refresh ran or was started. */
  void staleServed();
}
