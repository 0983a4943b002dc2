package dev.optimizer.batch.internal.redis;

import java.nio.charset.StandardCharsets;

/**
 * The key names of one store: every key starts with the hash tag {@code {<namespace>}:}, one tag per store
 * rather than per job. A take, a completion or a dead letter touches the job's hash and outcomes, its stream,
 * the store's counts and dead-letter list in one script, and a script may only touch keys of one Redis
 * Cluster slot; a per-job tag would split the streams and counts from the jobs. The price: one store lives on
 * one slot (one shard); to spread load over shards, use several namespaces (stores).
 */
final class StoreKeys {
  static final String GROUP = "workers";
  final String prefix;

  StoreKeys(String namespace) {
    this.prefix = "{" + namespace + "}:";
  }

  String ids() {
    return prefix + "ids";
  }

  String handlers() {
    return prefix + "handlers";
  }

  String counts() {
    return prefix + "counts";
  }

  String dead() {
    return prefix + "dead";
  }

  String queues() {
    return prefix + "queues";
  }

  String channel() {
    return prefix + "events";
  }

  String job(long id) {
    return prefix + "job:" + id;
  }

  String outcomes(long id) {
    return job(id) + ":out";
  }

  String stream(String handler, int priority) {
    return prefix + "q:" + handler + ":" + priority;
  }

  String priorities(String handler) {
    return prefix + "prio:" + handler;
  }

  String idempotency(String key) {
    return prefix + "idem:" + key;
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] b(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }
}
