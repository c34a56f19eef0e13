/**
 * The {@code dial4j} command line program: {@code connect}, {@code demo}, {@code dial} and {@code
 * storm}.
 */
@NullMarked
package org.dial4j.cli;

import org.jspecify.annotations.NullMarked;
