package dev.optimizer.cache;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/** A class outside every allow-list that records whether deserialization ever ran it. */
final class Poison implements Serializable {
  private static final long serialVersionUID = 1L;
  static final AtomicInteger READS = new AtomicInteger();

  final String payload;

  Poison(String payload) {
    this.payload = payload;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    READS.incrementAndGet();
    in.defaultReadObject();
  }
}
