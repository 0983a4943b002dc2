/**
 * The suite runner: finds the benchmark classes by group, budgets forks, iterations and parameters
 * centrally, runs each class through JMH's Java API and collects the results.
 */
@NullMarked
package dev.optimizer.bench.suite;

import org.jspecify.annotations.NullMarked;
