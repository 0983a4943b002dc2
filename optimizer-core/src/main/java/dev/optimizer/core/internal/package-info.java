/**
 * Implementation of the core: settings binding, OSHI sampling, window statistics and the interception
 * engine. Not API: may change in any release.
 */
@NullMarked
package dev.optimizer.core.internal;

import org.jspecify.annotations.NullMarked;
