package dev.optimizer.cache.internal;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.EntryOptions;
import dev.optimizer.cache.Tier;
import dev.optimizer.cache.TierStats;
import dev.optimizer.cache.ValueCodec;
import dev.optimizer.cache.ValueDecodingException;
import dev.optimizer.cache.WriteMode;
import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.InvalidationBus;
import dev.optimizer.core.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The byte tiers below L1 (L2, then L3): their keys, reads and bulk reads, promotion of a hit to the
 * faster tiers, encoding, writes with each tier's TTL, deletes, and the write-behind queue in front of L3
 * (a read sees a queued write; a delete or clear also drops queued writes).
 *
 * @param <K> key type
 * @param <V> value type
 */
final class LowerTiers<K, V> {
  private static final Logger log = LoggerFactory.getLogger(LowerTiers.class);

  private final CacheConfig config;
  private final String name;
  private final String keyPrefix;
  private final Function<? super K, String> keyEncoder;
  private final ValueEnvelope<V> envelope;
  private final FrameCompression frames;
  private final TierSlot[] slots;
  private final @Nullable TierSlot l3Slot;
  private final @Nullable WriteBehindQueue writeBehind;
  final LongAdder encodeFailures = new LongAdder();
  private final AtomicBoolean encodeWarned = new AtomicBoolean();

  LowerTiers(CacheConfig config, Function<? super K, String> keyEncoder, ValueCodec<V> codec,
      FrameCompression compression, @Nullable ByteTier l2, @Nullable ByteTier l3, Ticker ticker) {
    this.config = config;
    this.name = config.name();
    this.keyPrefix = config.keyPrefix();
    this.keyEncoder = keyEncoder;
    this.envelope = new ValueEnvelope<>(codec, compression);
    this.frames = compression;
    List<TierSlot> list = new ArrayList<>(2);
    TierSlot l3s = null;
    if (l2 != null) {
      list.add(new TierSlot(Tier.L2, l2, name, keyPrefix, ticker, config.tierRetryBackoff(),
          config.tierRetryBackoffMax()));
    }
    if (l3 != null) {
      l3s = new TierSlot(Tier.L3, l3, name, keyPrefix, ticker, config.tierRetryBackoff(),
          config.tierRetryBackoffMax());
      list.add(l3s);
    }
    this.slots = list.toArray(new TierSlot[0]);
    this.l3Slot = l3s;
    this.writeBehind = l3s != null && config.l3WriteMode() == WriteMode.WRITE_BEHIND
        ? new WriteBehindQueue(l3s, name, config.writeBehindInterval(), config.writeBehindMaxPending())
        : null;
  }

  int count() {
    return slots.length;
  }

  TierSlot[] slots() {
    return slots;
  }

  /** The first tier's invalidation bus, or null when no tier has one. */
  @Nullable InvalidationBus bus() {
    for (TierSlot s : slots) {
      InvalidationBus b = s.store().invalidationBus();
      if (b != null) {
        return b;
      }
    }
    return null;
  }

  /** The key of {@code key} in the byte tiers: the cache's prefix and the key's string form. */
  String tierKey(K key) {
    return keyPrefix + keyEncoder.apply(key);
  }

  /**
   * One scope per lower tier for one operation: the Redis tier gives all of the operation's round trips
   * one time budget (issue 11 item 3).
   */
  ByteTier.Scope openScopes() {
    if (slots.length == 0) {
      return ByteTier.Scope.NONE;
    }
    if (slots.length == 1) {
      return slots[0].openScope();
    }
    ByteTier.Scope[] scopes = new ByteTier.Scope[slots.length];
    for (int i = 0; i < slots.length; i++) {
      scopes[i] = slots[i].openScope();
    }
    return () -> {
      for (ByteTier.Scope sc : scopes) {
        sc.close();
      }
    };
  }

  /**
   * Reads {@code key} from the tiers the options allow, fastest first, and promotes a hit to the faster
   * ones: the decoded value, or null if no tier has it.
   */
  @Nullable Object find(K key, EntryOptions options) {
    String tk = null;
    for (int i = 0; i < slots.length; i++) {
      if (!options.uses(slots[i].tier())) {
        continue;
      }
      if (tk == null) {
        tk = tierKey(key);
      }
      Object found = read(i, tk);
      if (found != null) {
        promote(key, tk, found, i, options);
        return found;
      }
    }
    return null;
  }

  /** Reads and decodes tier {@code i}; null on a miss, a failure or an undecodable value. */
  private @Nullable Object read(int i, String tk) {
    TierSlot slot = slots[i];
    byte[] bytes;
    if (slot == l3Slot && writeBehind != null) {
      WriteBehindQueue.Pending p = writeBehind.peek(tk);
      if (p != null) {
        bytes = p.value();
        if (bytes == null) {
          return null;
        }
      } else {
        bytes = slot.get(tk);
      }
    } else {
      bytes = slot.get(tk);
    }
    if (bytes == null) {
      return null;
    }
    try {
      return envelope.decode(bytes);
    } catch (ValueDecodingException e) {
      slot.decodeFailed(tk, e);
      return null;
    }
  }

  /**
   * Reads {@code keys} from the tiers in bulk, fastest first, each tier asked only for the keys the faster
   * ones missed; each hit is promoted to the faster tiers, then handed to {@code found}.
   */
  void readAllAndPromote(Set<K> keys, BiConsumer<K, Object> found) {
    readAllAndPromote(keys, EntryOptions.defaults(), found);
  }

  /** As {@link #readAllAndPromote(Set, BiConsumer)}, reading and promoting only where {@code options} allow. */
  void readAllAndPromote(Set<K> keys, EntryOptions options, BiConsumer<K, Object> found) {
    Map<String, K> byTierKey = new LinkedHashMap<>();
    for (K k : keys) {
      byTierKey.put(tierKey(k), k);
    }
    for (int i = 0; i < slots.length && !byTierKey.isEmpty(); i++) {
      if (!options.uses(slots[i].tier())) {
        continue;
      }
      for (Map.Entry<String, Object> e : readAll(i, byTierKey.keySet()).entrySet()) {
        K k = byTierKey.remove(e.getKey());
        promote(k, e.getKey(), e.getValue(), i, options);
        found.accept(k, e.getValue());
      }
    }
  }

  /** Reads and decodes {@code tierKeys} from tier {@code i} in bulk: the decoded values found. */
  private Map<String, Object> readAll(int i, Set<String> tierKeys) {
    TierSlot slot = slots[i];
    Map<String, byte[]> raw = new HashMap<>();
    List<String> ask = new ArrayList<>(tierKeys.size());
    if (slot == l3Slot && writeBehind != null) {
      for (String tk : tierKeys) {
        WriteBehindQueue.Pending p = writeBehind.peek(tk);
        if (p == null) {
          ask.add(tk);
        } else if (p.value() != null) {
          raw.put(tk, p.value());
        }
      }
    } else {
      ask.addAll(tierKeys);
    }
    if (!ask.isEmpty()) {
      raw.putAll(slot.getAll(ask));
    }
    Map<String, Object> out = new HashMap<>();
    for (Map.Entry<String, byte[]> e : raw.entrySet()) {
      if (!tierKeys.contains(e.getKey())) {
        continue; // a tier must not answer keys we did not ask for; ignore rather than trust it
      }
      try {
        out.put(e.getKey(), envelope.decode(e.getValue()));
      } catch (ValueDecodingException ex) {
        slot.decodeFailed(e.getKey(), ex);
      }
    }
    return out;
  }

  /** Writes a value found in tier {@code foundAt} to the faster byte tiers the options allow. */
  void promote(K key, String tk, Object value, int foundAt, EntryOptions options) {
    if (foundAt == 0) {
      return;
    }
    byte[] enc = encodeOrNull(key, value == L1Values.NULL ? null : castValue(value));
    if (enc == null) {
      return;
    }
    for (int i = 0; i < foundAt; i++) {
      if (options.uses(slots[i].tier())) {
        write(slots[i], tk, enc, ttlFor(slots[i], value == L1Values.NULL, options.ttl()));
      }
    }
  }

  /** Writes a loaded value to every tier the options allow (nothing if it cannot be encoded). */
  void writeLoaded(K key, @Nullable V loaded, EntryOptions options) {
    byte[] bytes = encodeOrNull(key, loaded);
    if (bytes == null) {
      return;
    }
    String tk = tierKey(key);
    for (TierSlot slot : slots) {
      if (options.uses(slot.tier())) {
        write(slot, tk, bytes, ttlFor(slot, loaded == null, options.ttl()));
      }
    }
  }

  /** Writes a put's value to every tier, or deletes the key where the value cannot be encoded. */
  void put(K key, @Nullable V value, @Nullable Duration ttl) {
    byte[] bytes = encodeOrNull(key, value);
    String tk = tierKey(key);
    for (TierSlot slot : slots) {
      if (bytes != null) {
        write(slot, tk, bytes, ttlFor(slot, value == null, ttl));
      } else {
        // The old value must not outlive a put we could not store below L1.
        delete(slot, tk);
      }
    }
  }

  /**
   * Encodes entries for {@link #writeAll}: tier key to bytes, grouped by whether the value is null (which
   * takes the null TTL). A value that cannot be encoded is left out.
   */
  void addEncoded(Map<Boolean, Map<String, byte[]>> batch, K key, @Nullable V value) {
    byte[] bytes = encodeOrNull(key, value);
    if (bytes != null) {
      batch.computeIfAbsent(value == null, x -> new HashMap<>()).put(tierKey(key), bytes);
    }
  }

  /** Writes a batch made by {@link #addEncoded} to every tier with each tier's default TTL. */
  void writeAll(Map<Boolean, Map<String, byte[]>> batch) {
    for (TierSlot slot : slots) {
      batch.forEach((isNull, entries) -> {
        Duration ttl = ttlFor(slot, isNull, null);
        if (slot == l3Slot && writeBehind != null) {
          entries.forEach((tk, b) -> writeBehind.put(tk, b, ttl));
        } else {
          slot.putAll(entries, ttl);
        }
      });
    }
  }

  void invalidate(K key) {
    String tk = tierKey(key);
    for (TierSlot slot : slots) {
      delete(slot, tk);
    }
  }

  /** Deletes the keys matching {@code glob} (a glob over the user's keys, without the prefix). */
  void invalidateMatching(String glob) {
    String tierGlob = Glob.escape(keyPrefix) + glob;
    for (TierSlot slot : slots) {
      if (slot == l3Slot && writeBehind != null) {
        writeBehind.dropMatching(Glob.compile(tierGlob), () -> slot.invalidateMatching(tierGlob));
      } else {
        slot.invalidateMatching(tierGlob);
      }
    }
  }

  void invalidateAll() {
    for (TierSlot slot : slots) {
      if (slot == l3Slot && writeBehind != null) {
        writeBehind.clear(slot::invalidateAll);
      } else {
        slot.invalidateAll();
      }
    }
  }

  private void write(TierSlot slot, String tk, byte[] bytes, Duration ttl) {
    if (slot == l3Slot && writeBehind != null) {
      writeBehind.put(tk, bytes, ttl);
    } else {
      slot.put(tk, bytes, ttl);
    }
  }

  private void delete(TierSlot slot, String tk) {
    if (slot == l3Slot && writeBehind != null) {
      writeBehind.delete(tk);
    } else {
      slot.invalidate(tk);
    }
  }

  private Duration ttlFor(TierSlot slot, boolean isNull, @Nullable Duration override) {
    if (isNull) {
      return config.nullTtl();
    }
    if (override != null) {
      return override;
    }
    return slot.tier() == Tier.L2 ? config.l2Ttl() : config.l3Ttl();
  }

  private byte @Nullable [] encodeOrNull(K key, @Nullable V value) {
    try {
      return envelope.encode(value);
    } catch (RuntimeException e) {
      encodeFailures.increment();
      if (encodeWarned.compareAndSet(false, true)) {
        log.warn("cache {}: a value cannot be encoded for L2/L3 and is kept in L1 only (logged once; "
            + "see the encodeFailures counter): key {}: {}", name, key, e.toString());
      } else {
        log.debug("cache {}: cannot encode value of key {}", name, key, e);
      }
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private V castValue(Object v) {
    return (V) v;
  }

  void flush() {
    if (writeBehind != null) {
      writeBehind.flush();
    }
  }

  /** Queued write-behind writes (0 under write-through). */
  int pendingWrites() {
    return writeBehind == null ? 0 : writeBehind.size();
  }

  void addStats(List<TierStats> out) {
    for (TierSlot slot : slots) {
      out.add(slot.stats());
    }
  }

  /** Flushes and stops write-behind, closes the tiers and the frame compression. */
  void close() {
    if (writeBehind != null) {
      writeBehind.close();
    }
    for (TierSlot slot : slots) {
      slot.close();
    }
    frames.close();
  }

  @Override
  public String toString() {
    return java.util.Arrays.stream(slots).map(s -> s.tier().name()).reduce((a, b) -> a + " " + b).orElse("");
  }
}
