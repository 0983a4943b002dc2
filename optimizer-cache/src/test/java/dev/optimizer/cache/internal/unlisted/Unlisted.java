package dev.optimizer.cache.internal.unlisted;

import java.io.Serializable;

/**
 * A serializable class that no code names statically. {@code SerializationCodecLoadingTest} loads it only in
 * a throw-away class loader to write its bytes, then checks that decoding them never asks the decoding
 * loader for it.
 */
public class Unlisted implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int value;

  public Unlisted(int value) {
    this.value = value;
  }

  public int value() {
    return value;
  }
}
