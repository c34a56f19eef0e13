/** The control port: a loopback line protocol ({@code help}, {@code fds}, ...) into a loop. */
@NullMarked
package org.dial4j.control;

import org.jspecify.annotations.NullMarked;
