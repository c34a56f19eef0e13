/**
 * The {@code dial4j} command line program: {@code connect}, {@code demo}, {@code dial} and {@code
 * storm}.
 */
package org.dial4j.cli;
