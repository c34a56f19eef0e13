/** The {@code dial4j} command line program: {@code connect} and {@code demo}. */
package org.dial4j.cli;
