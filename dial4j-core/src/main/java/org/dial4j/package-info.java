/**
 * dial4j: the {@code connect} operation for Java. The model: {@link org.dial4j.Endpoint},
 * {@link org.dial4j.Network} and {@link org.dial4j.Deadline}; the dialer: {@link
 * org.dial4j.Dialer} (RFC 8305 Happy Eyeballs under one deadline), {@link org.dial4j.Resolver},
 * {@link org.dial4j.DialListener} and {@link org.dial4j.DialEvent}; and what a dial returns,
 * {@link org.dial4j.Connection} (libdill's exact-length send and receive, half close, graceful
 * close).
 */
package org.dial4j;
