package dev.optimizer.cache.redis;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A class outside every allow-list whose deserialization leaves a trace: if a cache ever turned its
 * bytes into an instance, {@link #DESERIALIZED} would count it (its constructor does not run during
 * deserialization, so readObject and readResolve are what record it).
 */
public final class Gadget implements Serializable {
  private static final long serialVersionUID = 1L;
  static final AtomicInteger DESERIALIZED = new AtomicInteger();
  static final AtomicInteger CONSTRUCTED = new AtomicInteger();

  final String payload;

  Gadget(String payload) {
    this.payload = payload;
    CONSTRUCTED.incrementAndGet();
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    DESERIALIZED.incrementAndGet();
    in.defaultReadObject();
  }

  private Object readResolve() {
    DESERIALIZED.incrementAndGet();
    return this;
  }
}
