/** Implementation of the dashboard: module readers, JSON, the HTTP routes and the event stream. */
@NullMarked
package dev.optimizer.dashboard.internal;

import org.jspecify.annotations.NullMarked;
