/**
 * The demo: a small service with realistic costs (a slow loader, a per-item remote call, large text
 * payloads, an expensive configuration value) run once plainly and once through the optimizer.
 */
@NullMarked
package dev.optimizer.bench.demo;

import org.jspecify.annotations.NullMarked;
