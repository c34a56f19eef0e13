/**
 * The event loop: {@link org.dial4j.loop.EventLoop} (one thread, one epoll set, timers, libut's
 * named connects, listeners and registered descriptors, each a {@link org.dial4j.loop.LoopFd} with
 * a {@link org.dial4j.loop.FdCallback}), {@link org.dial4j.loop.EventLoopGroup}, the loop's connect
 * statistics and latency histogram, and libut's log levels. The machinery behind {@code EventLoop}
 * (dispatch, the descriptor table, the task inbox, the named connect, the acceptor, the write
 * buffer, the loop's end) is package-private.
 */
@NullMarked
package org.dial4j.loop;

import org.jspecify.annotations.NullMarked;
