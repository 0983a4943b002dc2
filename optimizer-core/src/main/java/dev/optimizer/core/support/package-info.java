/**
 * Helpers every module of the project needs, each in one place so modules keep no copies:
 * {@link dev.optimizer.core.support.DaemonThreadFactory} (every thread a module starts),
 * {@link dev.optimizer.core.support.Durations} (every duration written as text),
 * {@link dev.optimizer.core.support.Backoff} (every retry or reconnect wait) and
 * {@link dev.optimizer.core.support.Checks} (every configuration builder's argument checks). Supported for
 * the project's own modules; applications have no reason to use them.
 */
@NullMarked
package dev.optimizer.core.support;

import org.jspecify.annotations.NullMarked;
