/**
 * The optimizer's entry point ({@link dev.optimizer.core.Optimizer}), its configuration, the system
 * monitor, the tuning loop and the interception engine that modules plug into.
 *
 * <p>Everything in {@code dev.optimizer.core.internal} is implementation and may change without notice.
 */
@NullMarked
package dev.optimizer.core;

import org.jspecify.annotations.NullMarked;
