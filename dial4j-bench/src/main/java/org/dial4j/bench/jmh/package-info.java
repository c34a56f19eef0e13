/**
 * JMH microbenchmarks of dial4j's core: endpoint text, deadline arithmetic, the latency histogram,
 * the DNS codec, and the connect path (its rate and, with {@code -prof gc}, its bytes per connect).
 * Run by {@code bench/jmh} (see BENCHMARKS.md); JMH's annotation processor writes their harness at
 * compile time.
 */
@NullMarked
package org.dial4j.bench.jmh;

import org.jspecify.annotations.NullMarked;
