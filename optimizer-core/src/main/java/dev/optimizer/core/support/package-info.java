/**
 * Helpers every module of the project needs, in one place: the thread factory, and (see the one-shape
 * issue) the duration grammar, backoff and argument checks. Supported for the project's own modules;
 * applications have no reason to use them.
 */
@NullMarked
package dev.optimizer.core.support;

import org.jspecify.annotations.NullMarked;
