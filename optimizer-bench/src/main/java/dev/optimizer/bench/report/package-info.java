/**
 * The report: the declarative table of targets from the module issues, their evaluation against JMH
 * results, {@code report.md} and the PNG charts.
 */
@NullMarked
package dev.optimizer.bench.report;

import org.jspecify.annotations.NullMarked;
