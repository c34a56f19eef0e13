/** The control port: a loopback line protocol ({@code help}, {@code fds}, ...) into a loop. */
package org.dial4j.control;
