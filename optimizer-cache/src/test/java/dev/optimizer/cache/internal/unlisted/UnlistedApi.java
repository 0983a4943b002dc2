package dev.optimizer.cache.internal.unlisted;

/** An interface a serialized proxy implements; named by no code outside throw-away class loaders. */
public interface UnlistedApi {
  String name();
}
