/** Implementation of the tiered cache and its annotations; not for users to import. */
@NullMarked
package dev.optimizer.cache.internal;

import org.jspecify.annotations.NullMarked;
