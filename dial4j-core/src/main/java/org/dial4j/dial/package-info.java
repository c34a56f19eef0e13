/**
 * Dialing: {@link org.dial4j.dial.Dialer} (RFC 8305 Happy Eyeballs under one deadline, with a
 * blocking, a future and a callback face), {@link org.dial4j.dial.Resolver}, {@link
 * org.dial4j.dial.DialListener} and {@link org.dial4j.dial.DialEvent}; and what a dial returns,
 * {@link org.dial4j.dial.Connection} (libdill's exact-length send and receive, half close, graceful
 * close). The race, its plan and its errors are package-private machinery here.
 */
@NullMarked
package org.dial4j.dial;

import org.jspecify.annotations.NullMarked;
