/**
 * The operations surface of an {@code Optimizer}: {@link dev.optimizer.dashboard.OperationsDocuments} turns the
 * engines' {@code stats()} into JSON documents with stable snake_case field names that carry their units, and
 * {@link dev.optimizer.dashboard.Dashboard} serves them over the JDK's HTTP server with a live page.
 *
 * <p>Everything under {@code dev.optimizer.dashboard.internal} is implementation.
 */
@NullMarked
package dev.optimizer.dashboard;

import org.jspecify.annotations.NullMarked;
