package dev.optimizer.cache.internal;

import dev.optimizer.cache.spi.InvalidationBus;
import dev.optimizer.cache.spi.InvalidationMessage;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidation across nodes: publishes this node's invalidations on the tiers' bus, and acts on the other
 * nodes' (and a local RESYNC) by dropping local state: the key, the keys matching a glob, or all of it, from
 * L1 and from the loads in flight.
 *
 * @param <K> key type
 */
final class InvalidationRelay<K> {
  private static final Logger log = LoggerFactory.getLogger(InvalidationRelay.class);

  private final String name;
  private final @Nullable InvalidationBus bus;
  private final String nodeId = UUID.randomUUID().toString();
  private final @Nullable L1Store<K> l1;
  private final LoadCoordinator<K> loads;
  private final Function<? super K, String> keyStrings;
  final LongAdder received = new LongAdder();

  InvalidationRelay(String name, @Nullable InvalidationBus bus, @Nullable L1Store<K> l1,
      LoadCoordinator<K> loads, Function<? super K, String> keyStrings) {
    this.name = name;
    this.bus = bus;
    this.l1 = l1;
    this.loads = loads;
    this.keyStrings = keyStrings;
  }

  /** Subscribes to the bus, if there is one. */
  void start() {
    if (bus != null) {
      bus.subscribe(this::onInvalidation);
    }
  }

  /** Publishes a KEY message; the key's string form is taken even with no bus, as it always was. */
  void publishKey(K key) {
    publish(InvalidationMessage.Kind.KEY, keyStrings.apply(key));
  }

  void publish(InvalidationMessage.Kind kind, String value) {
    InvalidationBus b = bus;
    if (b == null) {
      return;
    }
    try {
      b.publish(new InvalidationMessage(name, kind, value, nodeId));
    } catch (RuntimeException e) {
      log.warn("cache {}: publishing an invalidation failed; other nodes' L1 may serve the old value "
          + "until its TTL", name, e);
    }
  }

  /** Acts on a message from another node (or a local RESYNC). Runs on the bus's thread. */
  void onInvalidation(InvalidationMessage m) {
    // RESYNC is local (our own bus lost its subscription), so it applies whatever cache name the tier uses.
    boolean resync = m.kind() == InvalidationMessage.Kind.RESYNC;
    if (!resync && (!name.equals(m.cache()) || nodeId.equals(m.origin()))) {
      return;
    }
    received.increment();
    switch (m.kind()) {
      case KEY -> dropLocalKey(m.value());
      case PATTERN -> {
        try {
          dropLocalMatching(Glob.compile(m.value()));
        } catch (IllegalArgumentException e) {
          log.warn("cache {}: bad glob in invalidation message, clearing L1 instead: {}", name, m.value());
          dropAllLocal();
        }
      }
      case ALL, RESYNC -> dropAllLocal();
    }
  }

  private void dropLocalKey(String keyString) {
    loads.forgetIf(k -> KeyStrings.equal(keyStrings, k, keyString));
    if (l1 != null) {
      l1.invalidateByString(keyString, keyStrings);
    }
  }

  /** Drops the local keys (L1 and loads in flight) whose string form matches {@code local}. */
  void dropLocalMatching(Pattern local) {
    loads.forgetIf(k -> KeyStrings.matches(keyStrings, local, k));
    if (l1 != null) {
      l1.invalidateIf(k -> KeyStrings.matches(keyStrings, local, k));
    }
  }

  /** Drops all local state: L1 and the loads in flight. */
  void dropAllLocal() {
    loads.forgetAll();
    if (l1 != null) {
      l1.invalidateAll();
    }
  }
}
